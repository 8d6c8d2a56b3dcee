"""The plain CNN of Table 3's binary-CNN row."""

import torch

from mmir.cls.models.backbones import PlainCNN


def test_plain_cnn():
    (out,) = PlainCNN(channels=(8, 16))(torch.randn(2, 3, 256, 256))
    assert out.shape == (2, 16, 64, 64)
