"""The landmine generator: layout and the evidence options."""

import csv
import json

import cv2
import numpy as np
import pytest

from mmir.datasets.synthetic import (
    SyntheticDataError,
    generate,
    landmine,
    read_manifest,
)


def test_landmine_layout(synthetic_root):
    root = synthetic_root / 'landmine'
    with open(root / 'metadata.csv') as f:
        rows = list(csv.DictReader(f))
    boxes = json.loads((root / 'boxes.json').read_text())
    labels = np.array([int(r['label']) for r in rows])
    assert 0.05 < (labels == 0).mean() < 0.2  # heavy imbalance, as in paper
    for r in rows:
        assert (int(r['zone']) == landmine.NEGATIVE_ZONE) == (
            r['label'] == '0'
        )
        assert 1 <= float(r['altitude_m']) <= 10
        img = cv2.imread(
            str(root / 'images' / r['filename']), cv2.IMREAD_UNCHANGED
        )
        assert img.shape == (256, 336)
        if r['label'] == '1':
            assert boxes[r['filename']]
        for x1, y1, x2, y2 in boxes.get(r['filename'], []):
            assert 0 <= x1 < x2 <= 336 and 0 <= y1 < y2 <= 256
    lines = {
        s: (root / 'meta' / f'{s}.txt').read_text().splitlines()
        for s in ('all', 'train', 'val')
    }
    assert sorted(lines['train'] + lines['val']) == sorted(lines['all'])
    for split in ('train', 'val'):
        assert {line.split()[1] for line in lines[split]} == {'0', '1'}


def _image_means(root, label):
    with open(root / 'metadata.csv') as f:
        rows = list(csv.DictReader(f))
    return [
        cv2.imread(str(root / 'images' / r['filename']), 0).mean()
        for r in rows
        if r['label'] == str(label)
    ]


def test_landmine_evidence_options(tmp_path):
    """zone_cue=False: the mine-free zone no longer has its own look (its
    images' brightness varies as much as the mined ones'); altitudes and
    depths are drawn from the given ranges and recorded in the manifest."""
    common = dict(num_images=80, negative_ratio=0.5, size=(84, 64))
    cue = generate('landmine', str(tmp_path / 'cue'), **common)
    free = generate(
        'landmine',
        str(tmp_path / 'free'),
        zone_cue=False,
        altitudes=(3, 8),
        depths=(0, 1),
        **common,
    )
    assert np.std(_image_means(tmp_path / 'cue', 0)) < 2
    assert np.std(_image_means(tmp_path / 'free', 0)) > 3
    with open(f'{free}/metadata.csv') as f:
        rows = list(csv.DictReader(f))
    assert {int(float(r['altitude_m'])) for r in rows} <= set(range(3, 9))
    assert {r['depth_cm'] for r in rows if r['label'] == '1'} <= {'0', '1'}
    manifest = read_manifest(free)
    assert manifest['zone_cue'] is False
    assert manifest['altitudes'] == [3, 8] and manifest['depths'] == [0, 1]
    # the defaults add nothing: folders made before the options stay valid
    assert 'zone_cue' not in read_manifest(cue)
    with pytest.raises(SyntheticDataError, match='altitudes'):
        generate('landmine', str(tmp_path / 'bad'), altitudes=(5, 2))
    with pytest.raises(SyntheticDataError, match='depths'):
        generate('landmine', str(tmp_path / 'bad'), depths=())
