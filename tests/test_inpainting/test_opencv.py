"""OpenCV's Telea / Navier-Stokes inpainters."""

import numpy as np
import pytest

from mmir.inpainting import (
    build_inpainter,
    inpaint_boxes,
)


@pytest.mark.parametrize('method', ['telea', 'ns'])
@pytest.mark.parametrize('channels', [1, 3])
def test_opencv_changes_only_the_mask(method, channels):
    rng = np.random.default_rng(0)
    shape = (40, 50) if channels == 1 else (40, 50, 3)
    img = rng.integers(0, 255, shape, dtype=np.uint8)
    img[10:20, 10:20] = 255  # a bright target
    out, mask = inpaint_boxes(
        img, [[10, 10, 20, 20]], build_inpainter(method), margin=2
    )
    outside = mask == 0
    assert np.array_equal(out[outside], img[outside])
    inside = out[10:20, 10:20].astype(float)
    assert inside.mean() < 230  # the target is gone
    assert out.dtype == img.dtype and out.shape == img.shape
