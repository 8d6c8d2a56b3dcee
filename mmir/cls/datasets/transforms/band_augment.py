"""Photometric augmentation of multi-band float images (the "colour
transformations" of Tang et al., section 3: noise, contrast, colour
jitter). Each acts relative to the image's own per-band statistics, so it
means the same for reflectances and for dB backscatter and can run before
the band scaling of the data preprocessor."""

from collections.abc import Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from mmpretrain.registry import TRANSFORMS


def _check_prob(prob):
    if not 0 <= prob <= 1:
        raise ValueError(f'prob must be in [0, 1], got {prob}')


@TRANSFORMS.register_module()
class RandomBandNoise(BaseTransform):
    """``x_c += N(0, (sigma * std(x_c))^2)`` per pixel, with probability
    ``prob``; ``std(x_c)`` is band ``c``'s standard deviation in this
    image. ``img`` ``(H, W, C)`` float."""

    def __init__(self, sigma: float = 0.05, prob: float = 0.5) -> None:
        _check_prob(prob)
        self.sigma, self.prob = sigma, prob

    def transform(self, results: dict) -> dict:
        if np.random.rand() >= self.prob:
            return results
        img = results['img'].astype(np.float32)
        std = img.reshape(-1, img.shape[-1]).std(0)
        results['img'] = img + np.random.randn(*img.shape).astype(
            np.float32
        ) * (self.sigma * std)
        return results


@TRANSFORMS.register_module()
class RandomBandContrast(BaseTransform):
    """``x_c = m_c + f (x_c - m_c)`` with ``m_c`` band ``c``'s mean in the
    image and ``f ~ U(1 - magnitude, 1 + magnitude)`` (one factor for all
    bands, or one per band with ``per_band``), with probability ``prob``."""

    def __init__(
        self, magnitude: float = 0.2, per_band: bool = False, prob: float = 0.5
    ):
        _check_prob(prob)
        if not 0 <= magnitude < 1:
            raise ValueError(f'magnitude must be in [0, 1), got {magnitude}')
        self.magnitude, self.per_band, self.prob = magnitude, per_band, prob

    def transform(self, results: dict) -> dict:
        if np.random.rand() >= self.prob:
            return results
        img = results['img'].astype(np.float32)
        c = img.shape[-1]
        f = np.random.uniform(
            1 - self.magnitude, 1 + self.magnitude, c if self.per_band else 1
        ).astype(np.float32)
        mean = img.reshape(-1, c).mean(0)
        results['img'] = mean + f * (img - mean)
        return results


@TRANSFORMS.register_module()
class RandomRGBJitter(BaseTransform):
    """Brightness and saturation jitter of the optical bands named in
    ``rgb`` (looked up in ``results['bands']``; other bands untouched)::

        rgb *= b,  b ~ U(1 - brightness, 1 + brightness)
        rgb  = g + s (rgb - g),  g = mean over the three bands,
               s ~ U(1 - saturation, 1 + saturation)

    Does nothing when the image lacks one of the bands.
    """

    def __init__(
        self,
        rgb: Sequence[str] = ('red', 'green', 'blue'),
        brightness: float = 0.2,
        saturation: float = 0.2,
        prob: float = 0.5,
    ) -> None:
        _check_prob(prob)
        self.rgb, self.brightness = tuple(rgb), brightness
        self.saturation, self.prob = saturation, prob

    def transform(self, results: dict) -> dict:
        bands = list(results.get('bands') or ())
        if np.random.rand() >= self.prob or not all(
            b in bands for b in self.rgb
        ):
            return results
        idx = [bands.index(b) for b in self.rgb]
        img = results['img'].astype(np.float32, copy=True)
        rgb = img[..., idx]
        rgb = rgb * np.random.uniform(1 - self.brightness, 1 + self.brightness)
        gray = rgb.mean(-1, keepdims=True)
        rgb = gray + np.random.uniform(
            1 - self.saturation, 1 + self.saturation
        ) * (rgb - gray)
        img[..., idx] = rgb
        results['img'] = img
        return results


@TRANSFORMS.register_module()
class RandomBandAffine(BaseTransform):
    """Rotation, shear and shift of a multi-band image in one warp (the
    "geometric transformations" of Tang et al., section 3), bilinear, with
    the border reflected so no band gets an out-of-range fill value (a 0 in
    a dB band is not "empty").

    With probability ``prob``: angle ~ U(-max_rotate, max_rotate) degrees,
    shear ~ U(-max_shear, max_shear) degrees along x and y, shift ~
    U(-max_shift, max_shift) x the image size.
    """

    def __init__(
        self,
        max_rotate: float = 30.0,
        max_shear: float = 10.0,
        max_shift: float = 0.1,
        prob: float = 0.5,
    ) -> None:
        _check_prob(prob)
        self.max_rotate, self.max_shear = max_rotate, max_shear
        self.max_shift, self.prob = max_shift, prob

    def transform(self, results: dict) -> dict:
        import cv2

        if np.random.rand() >= self.prob:
            return results
        img = results['img']
        h, w = img.shape[:2]
        u = np.random.uniform
        rot = cv2.getRotationMatrix2D(
            (w / 2, h / 2), u(-self.max_rotate, self.max_rotate), 1
        )
        rot = np.vstack([rot, [0, 0, 1]])
        sx, sy = np.tan(np.deg2rad(u(-self.max_shear, self.max_shear, 2)))
        shear = np.array(
            [[1, sx, -sx * h / 2], [sy, 1, -sy * w / 2], [0, 0, 1]]
        )
        shift = np.array(
            [
                [1, 0, u(-self.max_shift, self.max_shift) * w],
                [0, 1, u(-self.max_shift, self.max_shift) * h],
                [0, 0, 1],
            ]
        )
        m = (shift @ shear @ rot)[:2]
        out = cv2.warpAffine(
            np.ascontiguousarray(img, np.float32),
            m,
            (w, h),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REFLECT_101,
        )
        results['img'] = out.reshape(img.shape)
        return results
