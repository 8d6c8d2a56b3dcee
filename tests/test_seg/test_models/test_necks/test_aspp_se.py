"""ASPPSENeck: mmseg ASPP + SE."""

import torch

import mmir.seg  # noqa: F401
from mmir.seg.models.necks import ASPPSENeck


def test_aspp_se_neck():
    neck = ASPPSENeck(
        in_channels=16, channels=8, dilations=(1, 2), se_ratio=2
    ).eval()
    x = torch.randn(2, 16, 9, 9)
    (out,) = neck((torch.randn(2, 4, 9, 9), x))
    assert out.shape == (2, 8, 9, 9)
    # SE: the output is the bottleneck output scaled per channel by (0, 1).
    pooled = torch.nn.functional.interpolate(neck.image_pool(x), (9, 9))
    mid = neck.bottleneck(torch.cat([pooled, *neck.aspp_modules(x)], 1))
    scale = out / mid.clamp(min=1e-6)
    nz = mid > 1e-3
    per_channel = [
        scale[b, c][nz[b, c]]
        for b in range(2)
        for c in range(8)
        if nz[b, c].any()
    ]
    assert all(
        torch.allclose(s, s[0], atol=1e-4) and 0 < s[0] < 1
        for s in per_channel
    )
