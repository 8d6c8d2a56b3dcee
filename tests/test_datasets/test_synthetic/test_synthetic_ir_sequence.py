"""The ir_sequence generator: layout and 8-bit frames."""

import json
import os

import cv2
import numpy as np
import pytest

from mmir.datasets.synthetic import (
    generate,
    ir_sequence,
)

# a small variant keeps the check fast
SMALL_SEQUENCE = dict(num_train=1, num_val=1, num_frames=4, size=(96, 80))


def test_sequence_layout(synthetic_root):
    root = synthetic_root / 'ir_sequence'
    ann = json.loads((root / 'annotations' / 'train.json').read_text())
    assert [c['name'] for c in ann['categories']] == list(ir_sequence.CLASSES)
    assert len(ann['videos']) == 3
    frames = {}
    for img in ann['images']:
        frames.setdefault(img['video_id'], []).append(img['frame_id'])
        arr = cv2.imread(
            str(root / 'frames' / img['file_name']), cv2.IMREAD_UNCHANGED
        )
        assert arr.shape == (512, 640) and arr.dtype == np.uint16
        assert arr.max() < 2**14
    assert all(sorted(f) == list(range(8)) for f in frames.values())
    cats = {a['category_id'] for a in ann['annotations']}
    assert cats == {1, 2}  # targets and interference
    targets = [a for a in ann['annotations'] if a['category_id'] == 1]
    assert max(a['bbox'][2] * a['bbox'][3] for a in targets) < 81  # SPIE
    # new sequences for the hard-example loop, labelled for the oracle
    pool = json.loads((root / 'annotations' / 'pool.json').read_text())
    assert len(pool['videos']) == 1 and len(pool['images']) == 8
    assert {img['video_id'] for img in pool['images']}.isdisjoint(frames)


def test_sequence_8bit(tmp_path):
    out = generate(
        'ir_sequence',
        str(tmp_path / 's8'),
        bit_depth=8,
        **SMALL_SEQUENCE,
    )
    arr = cv2.imread(
        os.path.join(out, 'frames', 'seq_0000', '000000.png'),
        cv2.IMREAD_UNCHANGED,
    )
    assert arr.dtype == np.uint8
    with pytest.raises(ValueError, match='bit_depth'):
        generate('ir_sequence', str(tmp_path / 's12'), bit_depth=12)
