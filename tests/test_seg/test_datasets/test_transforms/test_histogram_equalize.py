"""HistogramEqualize."""

import cv2
import numpy as np
import pytest

import mmir.seg  # noqa: F401
from mmir.seg.datasets.transforms import HistogramEqualize


def test_histogram_equalize():
    rng = np.random.default_rng(0)
    img = (rng.random((32, 40, 3)) * 80 + 40).astype(np.uint8)
    out = HistogramEqualize()(dict(img=img.copy()))['img']
    for c in range(3):
        assert np.array_equal(out[..., c], cv2.equalizeHist(img[..., c]))
    assert out.max() == 255 and out.min() < 10
    luma = HistogramEqualize(mode='luma')(dict(img=img.copy()))['img']
    y = cv2.cvtColor(luma, cv2.COLOR_BGR2YCrCb)[..., 0]
    assert luma.shape == img.shape and y.max() >= 250
    gray = HistogramEqualize()(dict(img=img[..., 0].copy()))['img']
    assert np.array_equal(gray, cv2.equalizeHist(img[..., 0]))
    with pytest.raises(TypeError, match='uint8'):
        HistogramEqualize()(dict(img=img.astype(np.float32), img_path='x'))
    with pytest.raises(ValueError, match='mode'):
        HistogramEqualize(mode='clahe')
