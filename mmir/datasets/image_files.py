"""Reading image files with clear errors: missing, empty, undecodable, and
truncated JPEGs, which OpenCV and PIL decode partially (a grey bottom and a
warning on stderr) instead of failing."""

from __future__ import annotations

import os
import os.path as osp
import re

import cv2
import numpy as np

from mmir.utils.config_check import DataError

__all__ = [
    'jpeg_is_complete',
    'check_image_file',
    'read_image',
    'files_in',
]

JPEG_SUFFIXES = ('.jpg', '.jpeg', '.jpe', '.jfif')
# a JPEG's end-of-image marker sits at its end; some writers pad after it
_EOI, _TAIL = b'\xff\xd9', 1024


def jpeg_is_complete(path: str) -> bool:
    """Whether the JPEG ``path`` ends with its end-of-image marker (within
    its last KiB: 0xFFD9 cannot occur inside the entropy-coded data)."""
    with open(path, 'rb') as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - _TAIL))
        return _EOI in f.read()


def check_image_file(path: str) -> None:
    """Raise :class:`DataError` when ``path`` is missing, empty, or a JPEG
    without its end (truncated)."""
    if not osp.isfile(path):
        raise DataError(f'{path}: image file not found')
    if osp.getsize(path) == 0:
        raise DataError(f'{path}: empty image file (0 bytes)')
    if path.lower().endswith(JPEG_SUFFIXES) and not jpeg_is_complete(path):
        raise DataError(
            f'{path}: truncated JPEG (no end-of-image marker); expected a '
            'complete image file'
        )


def read_image(path: str, flags: int = cv2.IMREAD_UNCHANGED) -> np.ndarray:
    """``cv2.imread`` after :func:`check_image_file`; an image OpenCV cannot
    decode is a :class:`DataError` too."""
    check_image_file(path)
    img = cv2.imread(path, flags)
    if img is None or img.size == 0:
        raise DataError(
            f'{path}: not a readable image (corrupt, or not an image '
            'format OpenCV reads)'
        )
    return img


def files_in(folder: str, suffixes: tuple[str, ...]) -> list[str]:
    """The names of the files in ``folder`` ending in one of ``suffixes``
    (any case), in natural order (``2.png`` before ``10.png``)."""
    return sorted(
        (
            f
            for f in os.listdir(folder)
            if f.lower().endswith(suffixes) and osp.isfile(osp.join(folder, f))
        ),
        key=lambda name: [
            (0, int(p), '') if p.isdigit() else (1, 0, p)
            for p in re.split(r'(\d+)', name)
        ],
    )
