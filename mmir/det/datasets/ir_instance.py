"""COCO-format thermal instances for BNSA Mask R-CNN (Wang & Ren 2025)."""

from mmdet.datasets import CocoDataset
from mmdet.registry import DATASETS

from mmir.datasets.synthetic.ir_instance import CLASSES


@DATASETS.register_module()
class IRInstanceDataset(CocoDataset):
    """Thermal instance segmentation in COCO format: person, car, bicycle,
    UAV (the BNSA Mask R-CNN paper's dataset and its synthetic stand-in)."""

    METAINFO = dict(
        classes=CLASSES,
        palette=[(220, 20, 60), (0, 0, 230), (255, 179, 0), (0, 226, 252)],
    )
