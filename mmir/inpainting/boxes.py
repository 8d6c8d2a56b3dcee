"""Box masks and box inpainting of an image (landmine-free copies, Kim &
Kwon 2025)."""

from collections.abc import Callable, Sequence

import numpy as np


def box_mask(
    shape: Sequence[int],
    boxes: Sequence[Sequence[float]],
    margin: int = 0,
    source: str = '',
) -> np.ndarray:
    """HxW uint8 mask, 1 inside the boxes ``[[x1, y1, x2, y2], ...]``
    (pixels ``x1 <= x < x2``, ``y1 <= y < y2``) enlarged by ``margin``
    pixels on every side and clipped to the image. A box that is not a
    list of 4 numbers with ``x1 < x2``, ``y1 < y2``, or that lies outside
    the image, is an error naming ``source``."""
    h, w = shape[:2]
    mask = np.zeros((h, w), np.uint8)
    for box in boxes:
        if len(box) != 4 or not all(isinstance(v, (int, float)) for v in box):
            raise ValueError(
                f'{source}: a box must be [x1, y1, x2, y2], got {box!r}'
            )
        x1, y1, x2, y2 = box
        if not (x1 < x2 and y1 < y2):
            raise ValueError(
                f'{source}: degenerate box {box!r} (needs x1 < x2 and y1 < y2)'
            )
        x1, y1 = (
            max(0, int(np.floor(x1 - margin))),
            max(0, int(np.floor(y1 - margin))),
        )
        x2, y2 = (
            min(w, int(np.ceil(x2 + margin))),
            min(h, int(np.ceil(y2 + margin))),
        )
        if x1 >= x2 or y1 >= y2:
            raise ValueError(
                f'{source}: box {box!r} lies outside the {w}x{h} image'
            )
        mask[y1:y2, x1:x2] = 1
    return mask


def inpaint_boxes(
    image: np.ndarray,
    boxes: Sequence[Sequence[float]],
    inpainter: Callable[[np.ndarray, np.ndarray], np.ndarray],
    margin: int = 0,
    source: str = '',
) -> tuple[np.ndarray, np.ndarray]:
    """``(filled image, mask)``: the boxes (plus ``margin``) of ``image``
    filled by ``inpainter``; pixels outside the mask are kept."""
    mask = box_mask(image.shape, boxes, margin, source)
    if not mask.any():
        return image.copy(), mask
    out = inpainter(image, mask)
    if out.shape != image.shape or out.dtype != image.dtype:
        raise RuntimeError(
            f'{source}: the inpainter returned {out.dtype}{out.shape} for a '
            f'{image.dtype}{image.shape} image'
        )
    keep = mask == 0
    if image.ndim == 3:
        keep = keep[..., None]
    return np.where(keep, image, out), mask
