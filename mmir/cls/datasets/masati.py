"""MASATI-v2 as the binary ship task of Kim & Kwon, Appl. Sci. 2025 (Tables
7-8)."""

from mmpretrain.datasets import CustomDataset
from mmpretrain.registry import DATASETS

from mmir.datasets.annotation_checks import check_image_list


@DATASETS.register_module()
class MASATIDataset(CustomDataset):
    """MASATI-v2 scenes as a binary task (Kim & Kwon, Appl. Sci. 2025,
    section 4.5): 0 = no ship ("Coast", and "Sea" for evaluation), 1 = ship
    ("Coast & Ship"). Reads the ``<path> <label>`` lists written by
    ``tools/dataset_converters/masati.py``."""

    METAINFO = dict(classes=('no ship', 'ship'))

    def load_data_list(self) -> list[dict]:
        """mmpretrain's list parsing, after each line is checked to be
        ``<image path> <integer label>`` (a clear error otherwise)."""
        if self.ann_file and self.with_label:
            check_image_list(self.ann_file)
        return super().load_data_list()
