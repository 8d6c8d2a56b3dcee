"""Binary landslide segmentation data in mmseg layout (He et al., MRIFE)."""

from typing import Any

from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from mmir.datasets.synthetic.landslide_seg import CLASSES


@DATASETS.register_module()
class LandslideDataset(BaseSegDataset):
    """Binary landslide segmentation: ``img_dir/<split>/*.png`` images with
    ``ann_dir/<split>/*.png`` masks (0 background, 1 landslide)."""

    METAINFO = dict(classes=CLASSES, palette=[[0, 0, 0], [255, 64, 0]])

    def __init__(
        self,
        img_suffix: str = '.png',
        seg_map_suffix: str = '.png',
        reduce_zero_label: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            img_suffix=img_suffix,
            seg_map_suffix=seg_map_suffix,
            reduce_zero_label=reduce_zero_label,
            **kwargs,
        )
