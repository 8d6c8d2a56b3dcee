"""Crops of a frame around a box for the people who review labels and
hard examples."""

from collections.abc import Sequence

import cv2
import numpy as np

__all__ = ['crop_around']


def crop_around(
    path: str,
    cx: float,
    cy: float,
    side: int = 32,
    box: Sequence[float] | None = None,
    colour: tuple[int, int, int] = (0, 255, 0),
    zoom: int = 4,
) -> np.ndarray:
    """``side`` x ``side`` window of the frame at ``path`` (any bit depth)
    centred on ``(cx, cy)`` (shifted inside the frame), contrast-stretched
    to 8 bits (1st - 99.9th percentile), enlarged ``zoom`` times, with
    ``box`` (x1, y1, x2, y2; a 4-px square at the centre if None) drawn in
    ``colour`` (BGR). Returns a ``(side * zoom, side * zoom, 3)`` uint8
    image."""
    frame = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if frame is None:
        raise FileNotFoundError(f'{path}: cannot read the frame')
    if frame.ndim == 3:
        frame = frame[..., 0]
    h, w = frame.shape[:2]
    x0 = int(np.clip(round(cx - side / 2), 0, max(w - side, 0)))
    y0 = int(np.clip(round(cy - side / 2), 0, max(h - side, 0)))
    win = frame[y0 : y0 + side, x0 : x0 + side].astype(np.float32)
    lo, hi = np.percentile(win, 1), np.percentile(win, 99.9)
    win = np.clip((win - lo) / max(hi - lo, 1e-6) * 255, 0, 255)
    win = cv2.cvtColor(win.astype(np.uint8), cv2.COLOR_GRAY2BGR)
    win = cv2.resize(
        win, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_NEAREST
    )
    if box is None:
        box = (cx - 2, cy - 2, cx + 2, cy + 2)
    x1, y1, x2, y2 = [
        int(round((v - o) * zoom)) for v, o in zip(box, (x0, y0, x0, y0))
    ]
    cv2.rectangle(win, (x1 - 1, y1 - 1), (x2, y2), colour, 1)
    return win
