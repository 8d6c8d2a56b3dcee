"""MASATI-v2 as the binary ship task of Kim & Kwon, Appl. Sci. 2025 (Tables
7-8)."""

from mmpretrain.datasets import CustomDataset
from mmpretrain.registry import DATASETS


@DATASETS.register_module()
class MASATIDataset(CustomDataset):
    """MASATI-v2 scenes as a binary task (Kim & Kwon, Appl. Sci. 2025,
    section 4.5): 0 = no ship ("Coast", and "Sea" for evaluation), 1 = ship
    ("Coast & Ship"). Reads the ``<path> <label>`` lists written by
    ``tools/dataset_converters/masati.py``."""

    METAINFO = dict(classes=('no ship', 'ship'))
