"""RandomTargetChip (Zhao et al. 2024, sec. III-A): chips around targets."""

import numpy as np
import pytest
from mmdet.registry import TRANSFORMS
from mmdet.structures.bbox import HorizontalBoxes

import mmir.det  # noqa: F401


# ----------------------------------------------------------- input (eq. 1)
def _chip_results(boxes, labels, h=512, w=640):
    img = np.arange(h * w, dtype=np.float32).reshape(h, w, 1)
    return dict(
        img=img,
        img_shape=(h, w),
        gt_bboxes=HorizontalBoxes(np.asarray(boxes, np.float32)),
        gt_bboxes_labels=np.asarray(labels, np.int64),
        gt_ignore_flags=np.zeros(len(labels), bool),
    )


@pytest.mark.parametrize('size', [16, 32, 64, 80])
@pytest.mark.parametrize(
    'box',
    [
        [0, 0, 5, 5],
        [635, 507, 640, 512],
        [300.4, 200.2, 305.4, 205.2],
        [0, 300, 3, 303],
    ],
)
def test_chip_holds_its_target_and_has_the_size_at_borders(size, box):
    np.random.seed(0)
    t = TRANSFORMS.build(
        dict(type='RandomTargetChip', size=size, background_ratio=0.0)
    )
    for _ in range(20):
        r = t(_chip_results([box], [0]))
        assert r['img'].shape == (size, size, 1)
        x0, y0 = r['chip_offset']
        # the chip is the frame's window at its offset
        assert r['img'][0, 0, 0] == y0 * 640 + x0
        assert len(r['gt_bboxes']) == 1
        b = r['gt_bboxes'].numpy()[0]
        np.testing.assert_allclose(
            b, np.array(box) - [x0, y0, x0, y0], atol=1e-4
        )
        assert (b >= 0).all() and (b <= size).all()


def test_background_chips_and_dropped_boxes():
    np.random.seed(1)
    t = TRANSFORMS.build(
        dict(type='RandomTargetChip', size=32, background_ratio=1.0)
    )
    boxes = [[10, 10, 15, 15], [600, 480, 605, 485]]
    offsets = set()
    for _ in range(30):
        r = t(_chip_results(boxes, [0, 1]))
        x0, y0 = r['chip_offset']
        offsets.add((x0, y0))
        centres = np.array([[12.5, 12.5], [602.5, 482.5]])
        inside = ((centres >= [x0, y0]) & (centres < [x0 + 32, y0 + 32])).all(
            1
        )
        assert len(r['gt_bboxes']) == inside.sum()
        assert list(r['gt_bboxes_labels']) == list(np.array([0, 1])[inside])
    assert len(offsets) > 20  # placed at random
    # chips centre only on the requested classes; no box -> random chip
    t = TRANSFORMS.build(
        dict(
            type='RandomTargetChip', size=16, background_ratio=0.0, labels=[1]
        )
    )
    for _ in range(10):
        r = t(_chip_results(boxes, [0, 1]))
        assert list(r['gt_bboxes_labels']) == [1]
    r = t(_chip_results(np.zeros((0, 4)), []))
    assert r['img'].shape == (16, 16, 1) and len(r['gt_bboxes']) == 0
    # a frame smaller than the chip is padded
    r = TRANSFORMS.build(dict(type='RandomTargetChip', size=80))(
        _chip_results([[1, 1, 4, 4]], [0], h=50, w=60)
    )
    assert r['img'].shape == (80, 80, 1)


# ------------------------------------------------------------------- head
