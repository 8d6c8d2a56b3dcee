import itertools

import pytest
import torch
import torch.nn.functional as F
from mmdet.registry import MODELS

import mmir.det  # noqa: F401

CHANNELS = [16, 32, 64, 128]
SIZES = [(33, 40), (17, 20), (9, 10), (5, 5)]  # odd sizes on purpose


def _inputs():
    torch.manual_seed(0)
    return tuple(torch.randn(2, c, h, w) for c, (h, w) in zip(CHANNELS, SIZES))


def _block_params(c, r=4):
    m = c // r
    branch = c * m + 2 * m + 2 * (9 * m * m + 2 * m) + m * c + 2 * c
    return 2 * branch  # main + attention; ConvModule with BN has no bias


@pytest.mark.parametrize(
    'levels',
    [lv for n in range(0, 5) for lv in itertools.combinations(range(4), n)],
)
def test_shapes_and_params_at_every_level_combination(levels):
    neck = MODELS.build(dict(type='BNSA', in_channels=CHANNELS, levels=levels))
    xs = _inputs()
    outs = neck(xs)
    assert [o.shape for o in outs] == [x.shape for x in xs]
    for i, (x, o) in enumerate(zip(xs, outs)):
        if i not in levels:
            assert o is x  # untouched levels pass through
    assert sum(p.numel() for p in neck.parameters()) == sum(
        _block_params(CHANNELS[lv]) for lv in levels
    )


def test_block_is_eq_2():
    neck = MODELS.build(dict(type='BNSA', in_channels=CHANNELS, levels=(1,)))
    neck.eval()
    block = neck.blocks['1']
    x = _inputs()[1]
    x_res = block.main(x)
    x_attn = F.interpolate(
        block.attention(F.avg_pool2d(x, 2, ceil_mode=True)),
        size=x.shape[-2:],
        mode='bilinear',
        align_corners=False,
    )
    assert (x_attn >= 0).all()  # the attention branch ends in ReLU
    torch.testing.assert_close(block(x), x_attn * x_res + x_attn)


def test_final_placement_c3_c4_parameter_count():
    neck = MODELS.build(dict(type='BNSA', in_channels=[256, 512, 1024, 2048]))
    assert neck.levels == (1, 2)
    assert sum(p.numel() for p in neck.parameters()) == _block_params(
        512
    ) + _block_params(1024)


def test_bad_arguments():
    with pytest.raises(ValueError, match='levels'):
        MODELS.build(dict(type='BNSA', in_channels=CHANNELS, levels=(4,)))
    with pytest.raises(ValueError, match='levels'):
        MODELS.build(dict(type='BNSA', in_channels=CHANNELS, levels=(1, 1)))
    with pytest.raises(ValueError, match='divisible'):
        MODELS.build(
            dict(type='BNSA', in_channels=[18, 32], levels=(0,), reduction=4)
        )
    neck = MODELS.build(dict(type='BNSA', in_channels=CHANNELS))
    with pytest.raises(ValueError, match='expects 4 levels'):
        neck(_inputs()[:3])


def test_gradients_flow():
    neck = MODELS.build(dict(type='BNSA', in_channels=CHANNELS, levels=(1, 2)))
    xs = tuple(x.requires_grad_() for x in _inputs())
    sum(o.sum() for o in neck(xs)).backward()
    assert all(torch.isfinite(p.grad).all() for p in neck.parameters())
