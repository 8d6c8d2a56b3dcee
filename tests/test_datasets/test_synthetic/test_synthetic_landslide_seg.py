"""The landslide_seg generator: layout and relic strength."""

import os

import cv2
import numpy as np
import pytest

from mmir.datasets.synthetic import (
    SyntheticDataError,
    generate,
    landslide_seg,
    read_manifest,
)


def test_landslide_layout(synthetic_root):
    root = synthetic_root / 'landslide_seg'
    counts, positives = {}, 0
    for split in landslide_seg.SPLITS:
        names = sorted(os.listdir(root / 'img_dir' / split))
        assert names == sorted(os.listdir(root / 'ann_dir' / split))
        counts[split] = len(names)
        for name in names:
            img = cv2.imread(str(root / 'img_dir' / split / name))
            ann = cv2.imread(
                str(root / 'ann_dir' / split / name), cv2.IMREAD_UNCHANGED
            )
            assert img.shape == (512, 512, 3) and ann.shape == (512, 512)
            assert set(np.unique(ann)) <= {0, 1}
            positives += ann.any()
    assert counts == dict(train=12, val=4, test=4)  # 6:2:2
    assert 0 < positives < 20  # positives and negatives


def test_landslide_relic_strength(tmp_path):
    """relic_strength < 1: the same landslides (same masks for a seed),
    closer to their surroundings; recorded in the manifest."""

    def contrast(root):
        out = []
        for ann in sorted((root / 'ann_dir' / 'train').glob('*.png')):
            mask = cv2.imread(str(ann), 0)
            if not mask.any():
                continue
            img = cv2.imread(str(ann).replace('ann_dir', 'img_dir'))
            img = img.astype(np.float32)
            ring = cv2.dilate(mask, np.ones((15, 15), np.uint8)) - mask
            inside = img[mask > 0].mean(0)
            out.append(np.abs(inside - img[ring > 0].mean(0)).sum())
        return np.mean(out), sorted(p.name for p in root.rglob('*.png'))

    common = dict(num_images=10, size=(128, 128), seed=1)
    full = generate('landslide_seg', str(tmp_path / 'full'), **common)
    faint = generate(
        'landslide_seg', str(tmp_path / 'faint'), relic_strength=0.3, **common
    )
    (c_full, files), (c_faint, files_faint) = (
        contrast(tmp_path / 'full'),
        contrast(tmp_path / 'faint'),
    )
    assert files == files_faint and c_faint < 0.6 * c_full
    masks = sorted((tmp_path / 'full' / 'ann_dir').rglob('*.png'))
    for path in masks:
        other = str(path).replace('full', 'faint')
        assert (cv2.imread(str(path), 0) == cv2.imread(other, 0)).all()
    assert read_manifest(faint)['relic_strength'] == 0.3
    assert 'relic_strength' not in read_manifest(full)
    with pytest.raises(SyntheticDataError, match='relic_strength'):
        generate('landslide_seg', str(tmp_path / 'bad'), relic_strength=0)
