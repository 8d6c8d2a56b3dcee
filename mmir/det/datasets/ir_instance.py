"""COCO-format thermal instances for BNSA Mask R-CNN (Wang & Ren 2025)."""

from mmdet.datasets import CocoDataset
from mmdet.registry import DATASETS

from mmir.datasets.annotation_checks import check_box
from mmir.datasets.synthetic.ir_instance import CLASSES


@DATASETS.register_module()
class IRInstanceDataset(CocoDataset):
    """Thermal instance segmentation in COCO format: person, car, bicycle,
    UAV (the BNSA Mask R-CNN paper's dataset and its synthetic stand-in)."""

    METAINFO = dict(
        classes=CLASSES,
        palette=[(220, 20, 60), (0, 0, 230), (255, 179, 0), (0, 226, 252)],
    )

    def parse_data_info(self, raw_data_info: dict) -> dict | list[dict]:
        """mmdet's parsing, after each box is checked to be finite and
        inside its image (mmdet would train on it silently)."""
        img = raw_data_info['raw_img_info']
        for ann in raw_data_info['raw_ann_info']:
            check_box(
                self.ann_file,
                f'annotation {ann.get("id")} of image {img.get("file_name")}',
                ann.get('bbox', []),
                img.get('width'),
                img.get('height'),
            )
        return super().parse_data_info(raw_data_info)
