"""cam_overlay: pytorch-grad-cam's show_cam_on_image at the image's size."""

import cv2
import numpy as np

from mmir.utils.cam import cam_overlay


def test_overlay_matches_show_cam_on_image_after_resizing():
    from pytorch_grad_cam.utils.image import show_cam_on_image

    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (12, 20, 3), dtype=np.uint8)
    heat = np.zeros((3, 5), np.float32)
    heat[1, 3] = 2.0  # clipped to 1
    out = cam_overlay(image, heat)
    assert out.shape == image.shape and out.dtype == np.uint8
    big = cv2.resize(heat, (20, 12), interpolation=cv2.INTER_LINEAR)
    expected = show_cam_on_image(
        image.astype(np.float32) / 255.0, np.clip(big, 0, 1), image_weight=0.5
    )
    np.testing.assert_array_equal(out, expected)
    # the hot cell is red (BGR) in the overlay, the cold corner is not
    assert out[6, 14, 2] > out[6, 14, 0]
    assert out[0, 0, 2] < 200 or out[0, 0, 0] > 0
