"""The LWIR landmine image list (Kim & Kwon, Appl. Sci. 2025): ``<image>
<label>`` lines."""

from mmpretrain.datasets import CustomDataset
from mmpretrain.registry import DATASETS

from mmir.datasets.annotation_checks import check_image_list
from mmir.datasets.synthetic.landmine import CLASSES


@DATASETS.register_module()
class LandmineDataset(CustomDataset):
    """Image-level LWIR landmine classification (label 1: mines present).

    Reads mmpretrain's annotation format: one ``<image path> <label>`` line
    per image, paths relative to ``data_prefix``.
    """

    METAINFO = dict(classes=CLASSES)

    def load_data_list(self) -> list[dict]:
        """mmpretrain's list parsing, after each line is checked to be
        ``<image path> <integer label>`` (a clear error otherwise)."""
        if self.ann_file and self.with_label:
            check_image_list(self.ann_file)
        return super().load_data_list()
