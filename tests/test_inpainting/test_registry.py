"""The inpainter registry takes user inpainters."""

import numpy as np
import pytest

from mmir.inpainting import (
    INPAINTERS,
    build_inpainter,
    inpaint_boxes,
)


def test_registry_accepts_user_inpainters():
    @INPAINTERS.register_module(force=True)
    class Zero:
        def __call__(self, image, mask):
            return np.zeros_like(image)

    out, mask = inpaint_boxes(
        np.full((5, 5), 9, np.uint8),
        [[1, 1, 3, 3]],
        build_inpainter(dict(type='Zero')),
    )
    assert out[1:3, 1:3].sum() == 0 and out.sum() == 9 * 21
    with pytest.raises(ValueError, match='method'):
        build_inpainter('bogus')
