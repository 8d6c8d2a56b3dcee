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
