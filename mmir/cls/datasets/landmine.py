"""The LWIR landmine image list (Kim & Kwon, Appl. Sci. 2025): ``<image>
<label>`` lines."""

from mmpretrain.datasets import CustomDataset
from mmpretrain.registry import DATASETS

from mmir.datasets.synthetic.landmine import CLASSES


@DATASETS.register_module()
class LandmineDataset(CustomDataset):
    """Image-level LWIR landmine classification (label 1: mines present).

    Reads mmpretrain's annotation format: one ``<image path> <label>`` line
    per image, paths relative to ``data_prefix``.
    """

    METAINFO = dict(classes=CLASSES)
