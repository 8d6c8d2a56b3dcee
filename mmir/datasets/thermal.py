"""Thermal frames as the RGB-trained models take them: 8- or 16-bit (or
float) single-channel images stretched to 8 bits and repeated to three
channels. OpenCV's default colour read of a 16-bit image keeps the high
byte only, which leaves a sensor's few hundred counts of scene contrast
as one or two grey levels."""

from __future__ import annotations

import numpy as np

from .image_files import read_image

__all__ = ['load_thermal', 'stretch_to_uint8']


def stretch_to_uint8(
    img: np.ndarray, low: float = 1.0, high: float = 99.0
) -> np.ndarray:
    """``img`` mapped linearly from its ``low``-th..``high``-th percentiles
    to 0..255 (clipped), uint8; an 8-bit image is returned unchanged."""
    if img.dtype == np.uint8:
        return img
    finite = img[np.isfinite(img)] if img.dtype.kind == 'f' else img
    if finite.size == 0:
        return np.zeros(img.shape, np.uint8)
    lo, hi = np.percentile(finite, (low, high))
    scaled = (img.astype(np.float64) - lo) / max(float(hi - lo), 1e-12)
    return (
        (np.clip(np.nan_to_num(scaled), 0, 1) * 255).round().astype(np.uint8)
    )


def load_thermal(
    path: str, channels: int = 3, low: float = 1.0, high: float = 99.0
) -> np.ndarray:
    """An image file as ``(H, W, channels)`` uint8: single-channel images
    (8/16-bit, float TIFF) stretched by :func:`stretch_to_uint8` and
    repeated ``channels`` times; 3-channel 8-bit images (BGR) as read."""
    img = read_image(path)
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    if img.ndim == 2:
        img = stretch_to_uint8(img, low, high)
        return np.repeat(img[..., None], channels, axis=2)
    if img.shape[2] == 4:
        img = img[..., :3]
    return stretch_to_uint8(img, low, high)
