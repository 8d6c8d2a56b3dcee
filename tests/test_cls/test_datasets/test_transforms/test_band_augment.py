"""The online band augments of Tang et al. (sec. 3.2)."""

import numpy as np

from mmir.cls.datasets.transforms import (
    RandomBandAffine,
    RandomBandContrast,
    RandomBandNoise,
    RandomRGBJitter,
)


def test_band_augments_keep_shape_and_act_per_band():
    rng = np.random.default_rng(0)
    img = np.stack(
        [
            rng.random((16, 16)) * s + o
            for s, o in ((1, 0), (10, -20), (0.1, 5))
        ],
        -1,
    ).astype(np.float32)
    res = dict(img=img.copy(), bands=('red', 'green', 'blue'))
    for t in (
        RandomBandNoise(prob=1),
        RandomBandContrast(prob=1),
        RandomRGBJitter(prob=1),
        RandomBandAffine(prob=1),
    ):
        out = t(dict(res, img=img.copy()))['img']
        assert out.shape == img.shape and out.dtype == np.float32
        assert np.isfinite(out).all()
    # contrast keeps each band's mean; noise scales with the band's std
    out = RandomBandContrast(magnitude=0.5, per_band=True, prob=1)(
        dict(img=img.copy())
    )['img']
    np.testing.assert_allclose(
        out.mean((0, 1)), img.mean((0, 1)), rtol=1e-4, atol=1e-4
    )
    np.random.seed(0)
    noisy = RandomBandNoise(sigma=0.5, prob=1)(dict(img=img.copy()))['img']
    ratio = (noisy - img).std((0, 1)) / img.std((0, 1))
    np.testing.assert_allclose(ratio, 0.5, rtol=0.15)
    # RGB jitter leaves non-RGB bands alone
    out = RandomRGBJitter(rgb=('red', 'green'), prob=1)(
        dict(img=img.copy(), bands=('red', 'green', 'nir'))
    )['img']
    np.testing.assert_array_equal(out[..., 2], img[..., 2])
    one = RandomBandAffine(prob=1)(dict(img=img[..., :1].copy()))['img']
    assert one.shape == (16, 16, 1)


def _bands(h=24, w=32, seed=0):
    rng = np.random.default_rng(seed)
    return np.stack(
        [rng.random((h, w)) * (i + 1) + 0.5 for i in range(4)], -1
    ).astype(np.float32)


def test_rgb_jitter_is_brightness_then_saturation_of_the_rgb_bands():
    img = _bands()
    bands = ('nir', 'blue', 'green', 'red')
    np.random.seed(5)
    out = RandomRGBJitter(brightness=0.3, saturation=0.4, prob=1)(
        dict(img=img.copy(), bands=bands)
    )['img']
    np.random.seed(5)
    np.random.rand()  # the prob draw
    b = np.random.uniform(0.7, 1.3)
    s = np.random.uniform(0.6, 1.4)
    rgb = img[..., [3, 2, 1]] * b
    gray = rgb.mean(-1, keepdims=True)
    expected = img.copy()
    expected[..., [3, 2, 1]] = gray + s * (rgb - gray)
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    assert abs(b - 1) > 1e-3 and abs(s - 1) > 1e-3
    # brightness scales the RGB mean, saturation keeps it; nir untouched
    np.testing.assert_allclose(
        out[..., 1:].mean(-1), b * img[..., 1:].mean(-1), rtol=1e-5
    )
    np.testing.assert_array_equal(out[..., 0], img[..., 0])


def test_band_affine_shift_moves_every_band_by_the_drawn_offset():
    from scipy import ndimage

    # smooth bands: cv2's bilinear weights are quantised to 1/32 px
    ys, xs = np.mgrid[:40, :48].astype(np.float32)
    img = np.stack(
        [np.sin(xs / 5) + np.cos(ys / 7), 0 * xs, np.cos(xs / 6) * ys / 40],
        -1,
    )
    img[..., 1] = 2 * img[..., 0] + 3  # one warp for all bands
    t = RandomBandAffine(max_rotate=0, max_shear=0, max_shift=0.2, prob=1)
    np.random.seed(12)
    out = t(dict(img=img.copy()))['img']
    np.random.seed(12)
    np.random.rand()
    np.random.uniform(0, 0)
    np.random.uniform(0, 0, 2)
    dx = np.random.uniform(-0.2, 0.2) * 48
    dy = np.random.uniform(-0.2, 0.2) * 40
    assert abs(dx) > 2 and abs(dy) > 2
    expected = ndimage.shift(img, (dy, dx, 0), order=1, mode='mirror')
    inner = (slice(10, 30), slice(12, 36))
    np.testing.assert_allclose(out[inner], expected[inner], atol=0.02)
    np.testing.assert_allclose(out[..., 1], 2 * out[..., 0] + 3, atol=1e-4)


def test_band_affine_rotates_about_the_centre_then_shifts():
    h, w = 41, 61
    img = np.zeros((h, w, 2), np.float32)
    img[14:19, 36:41] = 1.0  # blob centred at (x, y) = (38, 16)
    np.random.seed(2)
    out = RandomBandAffine(max_rotate=90, max_shear=0, max_shift=0.1, prob=1)(
        dict(img=img.copy())
    )['img'][..., 0]
    np.random.seed(2)
    np.random.rand()
    angle = np.deg2rad(np.random.uniform(-90, 90))
    np.random.uniform(0, 0, 2)
    dx, dy = np.random.uniform(-0.1, 0.1) * w, np.random.uniform(-0.1, 0.1) * h
    assert abs(angle) > 0.2 and abs(dx) + abs(dy) > 2
    ys, xs = np.mgrid[:h, :w]
    cx, cy = (xs * out).sum() / out.sum(), (ys * out).sum() / out.sum()
    # cv2 turns counter-clockwise on screen (y down) about (w/2, h/2)
    x0, y0 = 38 - w / 2, 16 - h / 2
    ex = w / 2 + np.cos(angle) * x0 + np.sin(angle) * y0 + dx
    ey = h / 2 - np.sin(angle) * x0 + np.cos(angle) * y0 + dy
    assert abs(cx - ex) < 0.6 and abs(cy - ey) < 0.6
