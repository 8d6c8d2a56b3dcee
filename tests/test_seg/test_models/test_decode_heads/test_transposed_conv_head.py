"""TransposedConvHead restores the input resolution."""

import pytest
import torch

import mmir.seg  # noqa: F401
from mmir.seg.models.decode_heads import TransposedConvHead


@pytest.mark.parametrize('factors', [(2, 4), (4, 2), (2, 2, 2), (8,)])
def test_transposed_conv_head_restores_resolution(factors):
    head = TransposedConvHead(
        upsample_factors=factors,
        in_channels=8,
        channels=4,
        num_classes=2,
        norm_cfg=dict(type='BN'),
    )
    out = head([torch.randn(2, 8, 5, 7)])
    assert out.shape == (2, 2, 40, 56)
    convs = [
        m for m in head.upsample if isinstance(m, torch.nn.ConvTranspose2d)
    ]
    assert [c.stride[0] for c in convs] == list(factors)
    with pytest.raises(ValueError, match='even'):
        TransposedConvHead(
            upsample_factors=(3,), in_channels=8, channels=4, num_classes=2
        )
