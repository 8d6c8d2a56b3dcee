"""Thermal frames for RGB-trained models: percentile stretch to 8 bits
and repetition to three channels."""

import cv2
import numpy as np

from mmir.datasets.thermal import load_thermal, stretch_to_uint8


def test_stretch_maps_the_percentiles_to_0_and_255():
    ramp = np.arange(1000, 1101, dtype=np.uint16).reshape(1, -1)
    out = stretch_to_uint8(ramp, low=0, high=100)
    assert out.dtype == np.uint8
    assert out[0, 0] == 0 and out[0, -1] == 255 and out[0, 50] == 128
    clipped = stretch_to_uint8(ramp, low=10, high=90)
    assert (clipped[0, :10] == 0).all() and (clipped[0, -10:] == 255).all()
    eight = np.array([[3, 7]], np.uint8)
    assert stretch_to_uint8(eight) is eight


def test_stretch_of_floats_with_nan():
    img = np.array([[np.nan, 0.0, 1.0, 2.0]], np.float32)
    out = stretch_to_uint8(img, low=0, high=100)
    assert out.tolist() == [[0, 0, 128, 255]]
    assert not stretch_to_uint8(np.full((2, 2), np.nan)).any()


def test_load_16_bit_frame_as_three_equal_channels(tmp_path):
    frame = np.tile(np.arange(7000, 7400, 4, dtype=np.uint16), (8, 1))
    path = str(tmp_path / 'f.png')
    cv2.imwrite(path, frame)
    out = load_thermal(path)
    assert out.shape == (8, 100, 3) and out.dtype == np.uint8
    assert (out[..., 0] == out[..., 2]).all()
    assert out[0, 0, 0] == 0 and out[0, -1, 0] == 255  # not one grey level
    bgra = np.zeros((4, 4, 4), np.uint8)
    bgra[..., 1] = 200
    cv2.imwrite(str(tmp_path / 'c.png'), bgra)
    assert load_thermal(str(tmp_path / 'c.png')).shape == (4, 4, 3)
