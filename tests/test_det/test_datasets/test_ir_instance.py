"""IRInstanceDataset: COCO thermal instances, each box checked to be finite
and inside its image before mmdet parses it."""

import json

import pytest

from mmir.datasets.synthetic.ir_instance import CLASSES
from mmir.det.datasets import IRInstanceDataset
from mmir.utils.config_check import DataError


def _coco(tmp_path, bbox):
    data = dict(
        images=[dict(id=1, file_name='f1.png', width=64, height=48)],
        annotations=[
            dict(
                id=7,
                image_id=1,
                category_id=2,
                bbox=bbox,
                area=bbox[2] * bbox[3],
                iscrowd=0,
                segmentation=[[10, 10, 20, 10, 20, 20]],
            )
        ],
        categories=[dict(id=k + 1, name=n) for k, n in enumerate(CLASSES)],
    )
    path = tmp_path / 'instances.json'
    path.write_text(json.dumps(data))
    return str(path)


def _dataset(ann_file):
    return IRInstanceDataset(
        ann_file=ann_file, data_prefix=dict(img='images/'), pipeline=[]
    )


def test_boxes_inside_the_image_load(tmp_path):
    ds = _dataset(_coco(tmp_path, [10, 10, 30, 20]))
    assert ds.metainfo['classes'] == CLASSES
    (inst,) = ds.get_data_info(0)['instances']
    assert inst['bbox'] == [10, 10, 40, 30] and inst['bbox_label'] == 1


def test_a_box_past_the_border_names_annotation_and_image(tmp_path):
    with pytest.raises(
        DataError, match=r'annotation 7 of image f1.png: .* outside its 64x48'
    ):
        _dataset(_coco(tmp_path, [50, 10, 30, 20]))
