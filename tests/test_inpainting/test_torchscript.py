"""A TorchScript inpainter in LaMa's convention (image, mask) -> image."""

import numpy as np
import pytest
import torch

from mmir.inpainting import (
    TorchScriptInpainter,
    build_inpainter,
    inpaint_boxes,
)


class _Half(torch.nn.Module):
    def forward(self, image, mask):
        assert image.shape[-2] % 8 == 0 and image.shape[-1] % 8 == 0
        return torch.full_like(image, 0.5)


def test_torchscript_inpainter_lama_convention(tmp_path):
    path = tmp_path / 'toy.pt'
    torch.jit.script(_Half()).save(str(path))
    inp = build_inpainter(
        dict(type='TorchScriptInpainter', checkpoint=str(path))
    )
    assert isinstance(inp, TorchScriptInpainter)
    for shape in ((21, 30), (21, 30, 3)):
        img = np.full(shape, 7, np.uint8)
        out, mask = inpaint_boxes(img, [[3, 4, 9, 10]], inp)
        assert (out[mask > 0] == 128).all()
        assert (out[mask == 0] == 7).all()
    with pytest.raises(RuntimeError, match='cannot load'):
        TorchScriptInpainter(str(tmp_path / 'missing.pt'))
