"""Box masks and inpainting inside boxes only."""

import numpy as np
import pytest

from mmir.inpainting import (
    box_mask,
    build_inpainter,
    inpaint_boxes,
)


def test_box_mask_margin_clip_and_errors():
    m = box_mask((10, 12), [[2, 3, 5, 6]])
    assert m.sum() == 9 and m[3:6, 2:5].all()
    m = box_mask((10, 12), [[2, 3, 5, 6]], margin=1)
    assert m.sum() == 25 and m[2:7, 1:6].all()
    m = box_mask((10, 12), [[-4, -4, 2, 2]], margin=5)  # clipped
    assert m[:7, :7].all() and m.sum() == 49
    with pytest.raises(ValueError, match='x.png: degenerate'):
        box_mask((10, 12), [[5, 3, 5, 6]], source='x.png')
    with pytest.raises(ValueError, match='outside'):
        box_mask((10, 12), [[20, 3, 25, 6]])
    with pytest.raises(ValueError, match=r'\[x1, y1, x2, y2\]'):
        box_mask((10, 12), [[1, 2, 3]])


def test_no_boxes_is_a_copy():
    img = np.zeros((8, 8), np.uint8)
    out, mask = inpaint_boxes(img, [], build_inpainter('telea'))
    assert not mask.any() and np.array_equal(out, img) and out is not img
