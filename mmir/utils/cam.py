"""Heat-map overlays for the CAM tools (ABMIL attention / Grad-CAM, MRIFE
per-branch Grad-CAM): pytorch-grad-cam's ``show_cam_on_image`` on an image
of any size."""

import cv2
import numpy as np

__all__ = ['cam_overlay']


def cam_overlay(image: np.ndarray, heat: np.ndarray) -> np.ndarray:
    """``image`` (H, W, 3) BGR uint8, ``heat`` (h, w) in [0, 1] (resized
    bilinearly to H x W, clipped) -> (H, W, 3) BGR uint8, half image, half
    JET colour map."""
    from pytorch_grad_cam.utils.image import show_cam_on_image

    heat = cv2.resize(
        heat.astype(np.float32),
        image.shape[1::-1],
        interpolation=cv2.INTER_LINEAR,
    )
    return show_cam_on_image(
        image.astype(np.float32) / 255.0,
        np.clip(heat, 0, 1),
        use_rgb=False,
        image_weight=0.5,
    )
