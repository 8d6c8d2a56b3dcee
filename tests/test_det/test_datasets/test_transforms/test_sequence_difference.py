"""SequenceDifference (Zhao et al. 2024, eq. 1): difference input, scaling."""

import numpy as np
import pytest
from mmdet.registry import TRANSFORMS

import mmir.det  # noqa: F401


# ----------------------------------------------------------- input (eq. 1)
def test_difference_is_eq_1_and_16_bit_does_not_wrap():
    f = np.zeros((2, 3, 4), np.uint16)
    f[..., 0] = 10
    f[..., 1] = 65535  # F1 - F2 would wrap in uint16
    f[..., 2] = 3
    f[..., 3] = 10
    out = TRANSFORMS.build(dict(type='SequenceDifference', normalize=None))(
        dict(img=f)
    )['img']
    assert out.shape == (2, 3, 3) and out.dtype == np.float32
    np.testing.assert_array_equal(out[..., 0], 10 - 65535)
    np.testing.assert_array_equal(out[..., 1], 7)
    np.testing.assert_array_equal(out[..., 2], 0)


def test_input_modes_and_robust_scaling():
    rng = np.random.default_rng(0)
    f = rng.normal(1000, 5, (64, 64, 4)).astype(np.float32)
    single = TRANSFORMS.build(
        dict(type='SequenceDifference', mode='single', normalize=None)
    )(dict(img=f))['img']
    stack = TRANSFORMS.build(
        dict(type='SequenceDifference', mode='stack', normalize=None)
    )(dict(img=f))['img']
    np.testing.assert_array_equal(single[..., 0], f[..., 0])
    np.testing.assert_array_equal(stack, f)
    g = TRANSFORMS.build(dict(type='SequenceDifference'))(dict(img=f))['img']
    # difference of two N(0, 5) frames has sigma 5 sqrt 2: robust -> ~1
    assert np.allclose(np.median(g.reshape(-1, 3), 0), 0, atol=1e-4)
    assert np.allclose(g.reshape(-1, 3).std(0), 1, atol=0.1)
    # quantised frames whose differences are mostly 0: MAD 0 -> std
    q = np.zeros((32, 32, 4), np.uint8)
    q[3, 4, 0] = 50
    g = TRANSFORMS.build(dict(type='SequenceDifference'))(dict(img=q))['img']
    assert np.isfinite(g).all() and g[3, 4, 0] == pytest.approx(
        50 / (q[..., 0].astype(float).std()), rel=1e-4
    )
    with pytest.raises(ValueError, match='mode'):
        TRANSFORMS.build(dict(type='SequenceDifference', mode='diff'))


# ------------------------------------------------------------------ chips
