"""mmir.det.curation.review_crops.crop_around: a zoomed, stretched window
of a 16-bit frame, shifted inside the frame, with the box drawn."""

import cv2
import numpy as np
import pytest

from mmir.det.curation.review_crops import crop_around


def _frame(tmp_path, h=40, w=60):
    frame = np.full((h, w), 1000, np.uint16)
    frame[18:22, 28:32] = 5000  # a bright 4x4 target
    path = str(tmp_path / 'f.png')
    cv2.imwrite(path, frame)
    return path


def test_window_is_zoomed_stretched_and_boxed(tmp_path):
    path = _frame(tmp_path)
    crop = crop_around(path, 30, 20, side=16, box=(28, 18, 32, 22), zoom=2)
    assert crop.shape == (32, 32, 3) and crop.dtype == np.uint8
    # window x0 = 22, y0 = 12: the target at rows/cols 6-9 of the window,
    # 12-19 after the zoom; it is white, the background black
    assert (crop[14:18, 14:18] == 255).all()
    assert (crop[2:6, 2:6] == 0).all()
    # the green box: top-left corner at ((28 - 22) * 2 - 1, (18 - 12) * 2 - 1)
    assert tuple(crop[11, 11]) == (0, 255, 0)


def test_window_near_the_border_shifts_inside(tmp_path):
    path = _frame(tmp_path)
    crop = crop_around(path, 1, 1, side=16, zoom=1, colour=(0, 0, 255))
    assert crop.shape == (16, 16, 3)
    # the default 4-px square around (1, 1), drawn from (-2, -2) to (3, 3)
    assert tuple(crop[3, 3]) == (0, 0, 255)


def test_unreadable_frame_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match='missing.png'):
        crop_around(str(tmp_path / 'missing.png'), 0, 0)
