"""Inpainters that fill masked regions of an image, for the inpainting
augmentation of Kim & Kwon, Appl. Sci. 2025 (section 3.3).

Build one from a config: ``build_inpainter(dict(type='OpenCVInpainter',
method='telea'))``; register your own with ``@INPAINTERS.register_module()``
(a class whose ``__call__(image, mask)`` returns the filled image).
"""

from .boxes import box_mask, inpaint_boxes
from .opencv import OpenCVInpainter
from .registry import INPAINTERS, build_inpainter
from .torchscript import TorchScriptInpainter

__all__ = [
    'INPAINTERS',
    'build_inpainter',
    'OpenCVInpainter',
    'TorchScriptInpainter',
    'box_mask',
    'inpaint_boxes',
]
