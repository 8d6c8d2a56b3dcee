"""Checks of annotation records that the toolboxes accept silently: image
lists whose lines are not ``<path> <label>``, and boxes outside their image
or not finite. Each failure is a
:class:`~mmir.datasets.guarded_dataset.DataError` naming the file, the
record and what was expected."""

from __future__ import annotations

import math
from collections.abc import Sequence

from mmengine.fileio import list_from_file

from mmir.utils.config_check import DataError

__all__ = [
    'check_image_list',
    'check_box',
    'coco_lists_problem',
    'instance_box_problem',
]

COCO_LISTS = ('images', 'annotations', 'categories')

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


def coco_lists_problem(data: object) -> str | None:
    """Why ``data`` (a parsed JSON file) is not a COCO detection file, or
    None: a top-level ``images``/``annotations``/``categories`` key missing
    or not a list."""
    if not isinstance(data, dict):
        return f'the top level is a {type(data).__name__}, not an object'
    for key in COCO_LISTS:
        if not isinstance(data.get(key), list):
            state = 'missing' if key not in data else 'not a list'
            return (
                f'"{key}" is {state}; expected a COCO file with "images", '
                '"annotations" and "categories" lists'
            )
    return None


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


def instance_box_problem(info: dict) -> str | None:
    """What is wrong with the boxes of an mmdet data info (``instances``
    with ``bbox`` ``[x1, y1, x2, y2]``, image ``width`` x ``height``), or
    None: a box not finite, or past the image border by more than
    :data:`BOX_TOLERANCE_PX`. (mmdet's ``CocoDataset`` silently drops a box
    wholly outside its image but keeps one partly outside.)"""
    width, height = info.get('width'), info.get('height')
    instances = info.get('instances')
    if not isinstance(instances, list):
        return None
    tol = BOX_TOLERANCE_PX
    for k, inst in enumerate(instances):
        bbox = inst.get('bbox') if isinstance(inst, dict) else None
        if bbox is None or len(bbox) != 4:
            continue
        x1, y1, x2, y2 = (float(v) for v in bbox)
        if not all(math.isfinite(v) for v in (x1, y1, x2, y2)):
            return f'instance {k}: bbox {list(bbox)} is not finite'
        if (
            width
            and height
            and (
                x1 < -tol or y1 < -tol or x2 > width + tol or y2 > height + tol
            )
        ):
            return (
                f'instance {k}: bbox [x1, y1, x2, y2] = '
                f'{[round(v, 2) for v in (x1, y1, x2, y2)]} lies outside its '
                f'{width}x{height} image; expected inside'
            )
    return None
