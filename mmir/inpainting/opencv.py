"""OpenCV's Telea / Navier-Stokes inpainting (the default, no weights)."""

import cv2
import numpy as np

from .registry import INPAINTERS


@INPAINTERS.register_module()
class OpenCVInpainter:
    """OpenCV's ``cv2.inpaint``: Telea's fast marching method
    (``method='telea'``) or the Navier-Stokes one (``'ns'``); no weights.

    ``__call__(image, mask)``: ``image`` HxW or HxWx3 (uint8; uint16/float32
    single-channel too), ``mask`` HxW, non-zero where to fill. Only masked
    pixels change. ``radius``: the neighbourhood each filled pixel draws
    from.
    """

    METHODS = dict(telea=cv2.INPAINT_TELEA, ns=cv2.INPAINT_NS)

    def __init__(self, method: str = 'telea', radius: int = 3):
        if method not in self.METHODS:
            raise ValueError(
                f'OpenCVInpainter method must be one of '
                f'{sorted(self.METHODS)}, got {method!r}'
            )
        self.method = method
        self.radius = radius

    def __call__(self, image, mask):
        mask = (np.asarray(mask) > 0).astype(np.uint8)
        return cv2.inpaint(image, mask, self.radius, self.METHODS[self.method])
