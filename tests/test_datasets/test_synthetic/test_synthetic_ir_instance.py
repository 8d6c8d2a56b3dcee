"""The ir_instance generator: valid COCO, small low-contrast option."""

import cv2
import numpy as np
import pytest
from pycocotools.coco import COCO

from mmir.datasets.synthetic import (
    SyntheticDataError,
    generate,
    read_manifest,
)
from mmir.datasets.synthetic.ir_instance import CLASSES as IR_CLASSES


def test_ir_instance_is_valid_coco(synthetic_root):
    root = synthetic_root / 'ir_instance'
    for split in ('train', 'val'):
        coco = COCO(str(root / 'annotations' / f'instances_{split}.json'))
        assert [c['name'] for c in coco.loadCats(coco.getCatIds())] == list(
            IR_CLASSES
        )
        kinds, small = set(), 0
        for img in coco.loadImgs(coco.getImgIds()):
            assert (img['width'], img['height']) == (640, 512)
            arr = cv2.imread(
                str(root / 'images' / split / img['file_name']),
                cv2.IMREAD_UNCHANGED,
            )
            assert arr.shape == (512, 640) and arr.dtype == np.uint8
            for ann in coco.loadAnns(coco.getAnnIds(imgIds=img['id'])):
                m = coco.annToMask(ann)
                x, y, w, h = ann['bbox']
                assert m.sum() == ann['area'] > 0
                ys, xs = np.nonzero(m)
                assert xs.min() >= x and xs.max() < x + w
                assert ys.min() >= y and ys.max() < y + h
                kinds.add(type(ann['segmentation']).__name__)
                small += ann['area'] < 32**2
        assert small > 0  # small objects are there
    assert kinds == {'list', 'dict'}  # polygons and RLE


def test_ir_instance_small_low_contrast(tmp_path):
    """object_scale < 1 shrinks the objects, contrast < 1 brings them
    closer to the background; both recorded in the manifest only when
    set."""

    def stats(root):
        coco = COCO(str(root / 'annotations' / 'instances_train.json'))
        sides, contrasts = [], []
        for img_info in coco.loadImgs(coco.getImgIds()):
            img = cv2.imread(
                str(root / 'images' / 'train' / img_info['file_name']), 0
            )
            img = img.astype(np.float32)
            for ann in coco.loadAnns(coco.getAnnIds(imgIds=img_info['id'])):
                mask = coco.annToMask(ann).astype(np.uint8)
                ring = cv2.dilate(mask, np.ones((7, 7), np.uint8)) - mask
                sides.append(np.sqrt(ann['bbox'][2] * ann['bbox'][3]))
                contrasts.append(
                    abs(img[mask > 0].mean() - img[ring > 0].mean())
                )
        return np.median(sides), np.median(contrasts)

    common = dict(num_train=6, num_val=1, size=(320, 256), seed=2)
    full = generate('ir_instance', str(tmp_path / 'full'), **common)
    small = generate(
        'ir_instance', str(tmp_path / 'small'), object_scale=0.5, **common
    )
    faint = generate(
        'ir_instance', str(tmp_path / 'faint'), contrast=0.3, **common
    )
    (side, c_full), (side_small, _), (side_faint, c_faint) = (
        stats(tmp_path / n) for n in ('full', 'small', 'faint')
    )
    assert side_small < 0.75 * side and abs(side_faint - side) < 0.2 * side
    assert c_faint < 0.6 * c_full
    assert read_manifest(small)['object_scale'] == 0.5
    assert read_manifest(faint)['contrast'] == 0.3
    assert not {'object_scale', 'contrast'} & set(read_manifest(full))
    with pytest.raises(SyntheticDataError, match='contrast'):
        generate('ir_instance', str(tmp_path / 'bad'), contrast=1.5)
    with pytest.raises(SyntheticDataError, match='object_scale'):
        generate('ir_instance', str(tmp_path / 'bad'), object_scale=0)
