"""Checks of annotation records that the toolboxes accept silently: image
lists whose lines are not ``<path> <label>``, and boxes outside their image
or not finite. Each failure is a
:class:`~mmir.datasets.guarded_dataset.DataError` naming the file, the
record and what was expected."""

from __future__ import annotations

import math
from collections.abc import Sequence

from mmengine.fileio import list_from_file

from mmir.datasets.guarded_dataset import DataError

__all__ = ['check_image_list', 'check_box']

# a box may reach this far past the border (rounding of converted boxes)
BOX_TOLERANCE_PX = 1.0


def check_image_list(ann_file: str) -> None:
    """Every non-empty line of ``ann_file`` is ``<image path> <integer
    label>`` (mmpretrain's list format)."""
    lines = list_from_file(ann_file)
    if not any(line.strip() for line in lines):
        raise DataError(
            f"{ann_file}: empty; expected '<image path> <integer label>' lines"
        )
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parts = line.strip().rsplit(' ', 1)
        if len(parts) != 2 or not parts[1].lstrip('-').isdigit():
            raise DataError(
                f'{ann_file}, line {number}: {line.strip()!r} is not '
                "'<image path> <integer label>'"
            )


def check_box(
    ann_file: str,
    record: str,
    bbox: Sequence[float],
    width: float | None,
    height: float | None,
) -> None:
    """``bbox`` (COCO ``[x, y, w, h]``) of ``record`` is 4 finite numbers
    inside its ``width`` x ``height`` image (when the size is known)."""
    if len(bbox) != 4 or not all(
        isinstance(v, (int, float)) and math.isfinite(v) for v in bbox
    ):
        raise DataError(
            f'{ann_file}: {record}: bbox {list(bbox)} is not 4 finite '
            'numbers [x, y, w, h]'
        )
    if not width or not height:
        return
    x, y, w, h = bbox
    tol = BOX_TOLERANCE_PX
    if x < -tol or y < -tol or x + w > width + tol or y + h > height + tol:
        raise DataError(
            f'{ann_file}: {record}: bbox [x, y, w, h] = {list(bbox)} lies '
            f'outside its {width}x{height} image'
        )
