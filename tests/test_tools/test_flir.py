"""FLIR ADAS v1 and v2 layouts -> one COCO naming the configs read; labels
follow the config's classes (mmdet's CocoDataset matches them by name)."""

import json

import cv2
import numpy as np
import pytest
from conftest import ROOT, run_tool
from mmengine.config import Config

TOOL = 'tools/dataset_converters/flir.py'
CFG = (
    f'{ROOT}/configs/bnsa_mask_rcnn/mask-rcnn_r50-bnsa-fpn_focal-siou_'
    'bce-dice-lovasz_1xb2-100e_flir-{}.py'
)
V1_CATS = [
    (1, 'person'),
    (2, 'bicycle'),
    (3, 'car'),
    (18, 'dog'),
    (91, 'other vehicle'),
]
V2_CATS = [
    (1, 'person'),
    (2, 'bike'),
    (3, 'car'),
    (4, 'motor'),
    (6, 'bus'),
    (7, 'train'),
    (8, 'truck'),
    (10, 'light'),
    (11, 'hydrant'),
    (12, 'sign'),
    (17, 'dog'),
    (79, 'other vehicle'),
]


def _write_flir(root, version):
    split_dir, ann_name, img_dir, ext = (
        ('train', 'thermal_annotations.json', 'thermal_8_bit', '.jpeg')
        if version == 'v1'
        else ('images_thermal_train', 'coco.json', 'data', '.jpg')
    )
    cats = V1_CATS if version == 'v1' else V2_CATS
    (root / split_dir / img_dir).mkdir(parents=True)
    images, anns = [], []
    for i in range(2):
        name = f'{img_dir}/frame_{i}{ext}'
        cv2.imwrite(
            str(root / split_dir / name), np.full((48, 64), 100 + i, np.uint8)
        )
        images.append(dict(id=i + 1, file_name=name, width=64, height=48))
    for j, (cid, _) in enumerate(cats):  # one box of every category
        anns.append(
            dict(
                id=j + 1,
                image_id=1 + j % 2,
                category_id=cid,
                bbox=[2 + j, 3, 10, 8],
                area=80,
                iscrowd=0,
            )
        )
    (root / split_dir / ann_name).write_text(
        json.dumps(
            dict(
                images=images,
                annotations=anns,
                categories=[dict(id=c, name=n) for c, n in cats],
            )
        )
    )
    return root / split_dir / ann_name


def _labels_by_source_name(root, version):
    """{source category name: label the config's dataset gives it}."""
    import mmdet.datasets  # noqa: F401
    from mmdet.registry import DATASETS
    from mmengine.registry import init_default_scope

    init_default_scope('mmdet')
    cfg = Config.fromfile(CFG.format(version))
    ds_cfg = cfg.train_dataloader.dataset
    ds_cfg.update(data_root=f'{root}/', pipeline=[])
    dataset = DATASETS.build(ds_cfg)
    cats = dict(V1_CATS if version == 'v1' else V2_CATS)
    out = {}
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        for inst in info['instances']:
            x1 = inst['bbox'][0]
            cid = (V1_CATS if version == 'v1' else V2_CATS)[int(x1) - 2][0]
            out[cats[cid]] = inst['bbox_label']
            x, y, x2, y2 = inst['bbox']
            assert inst['mask'] == [[x, y, x2, y, x2, y2, x, y2]]
    return out, cfg


@pytest.mark.parametrize('version', ['v1', 'v2'])
def test_each_layout_gets_the_config_labels(tmp_path, version):
    _write_flir(tmp_path, version)
    proc = run_tool(TOOL, tmp_path, '--splits', 'train')
    assert f'FLIR {version} train: 2 images' in proc.stdout
    labels, cfg = _labels_by_source_name(tmp_path, version)
    classes = cfg.train_dataloader.dataset.metainfo.classes
    assert cfg.model.roi_head.bbox_head.num_classes == len(classes)
    if version == 'v1':
        # v1 "bicycle" is the config's "bike"; "other vehicle" is dropped
        assert labels == {'person': 0, 'bicycle': 1, 'car': 2, 'dog': 3}
    else:
        assert labels == {
            'person': 0,
            'bike': 1,
            'car': 2,
            'motor': 3,
            'bus': 4,
            'truck': 5,
            'light': 6,
            'sign': 7,
        }
    coco = json.loads(
        (tmp_path / 'mmir_ann' / 'instances_train.json').read_text()
    )
    assert [c['name'] for c in coco['categories']] == list(classes)
    assert all((tmp_path / im['file_name']).is_file() for im in coco['images'])


def test_classes_a_layout_lacks_are_refused(tmp_path):
    ann = _write_flir(tmp_path, 'v1')
    before = ann.read_text()
    proc = run_tool(
        TOOL,
        tmp_path,
        '--splits',
        'train',
        '--classes',
        'person',
        'bike',
        'car',
        'motor',
        check=False,
    )
    assert proc.returncode == 2
    assert (
        "['motor']" in proc.stderr
        and 'thermal_annotations.json' in proc.stderr
        and 'Traceback' not in proc.stderr
    )
    assert ann.read_text() == before
    assert not (tmp_path / 'mmir_ann').exists()


def test_bad_files_are_one_line_errors(tmp_path):
    proc = run_tool(TOOL, tmp_path, check=False)
    assert proc.returncode == 2 and 'coco.json' in proc.stderr
    ann = _write_flir(tmp_path, 'v2')
    ann.write_text(ann.read_text()[:50])
    proc = run_tool(TOOL, tmp_path, '--splits', 'train', check=False)
    assert proc.returncode == 2 and 'not valid JSON' in proc.stderr
    assert 'Traceback' not in proc.stderr


def test_table5_mask_rcnn_row_is_the_stock_model_on_flir():
    stock = Config.fromfile(
        f'{ROOT}/configs/bnsa_mask_rcnn/'
        'mask-rcnn_r50-fpn_1xb2-100e_synth-ir-instance.py'
    )
    row = Config.fromfile(
        f'{ROOT}/configs/bnsa_mask_rcnn/table5_flir/'
        'mask-rcnn_r50-fpn_1xb2-100e_flir-v2.py'
    )
    for head in ('bbox_head', 'mask_head'):
        stock.model.roi_head[head].num_classes = 8
    # the stock model itself (with FLIR's 8 classes), nothing restated
    assert 'reg_decoded_bbox' not in row.model.roi_head.bbox_head
    assert row.model.to_dict() == stock.model.to_dict()
    assert (
        row.train_dataloader.dataset.ann_file
        == 'mmir_ann/instances_train.json'
    )
