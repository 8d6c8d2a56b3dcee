"""Progress bars (tqdm, on stderr) for the long tools: SMOTE-SSIM's pairs,
inpainting, label loss, hard-example mining, band occlusion, embeddings.
``MMIR_PROGRESS=0`` turns them off (logs of batch jobs)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ['progress']

T = TypeVar('T')


def progress(
    iterable: Iterable[T],
    desc: str,
    total: int | None = None,
    unit: str = 'it',
) -> Iterator[T]:
    """``iterable`` with a progress bar (rate and ETA) when enabled."""
    if os.environ.get('MMIR_PROGRESS', '1') == '0':
        yield from iterable
        return
    from tqdm import tqdm

    if total is None and hasattr(iterable, '__len__'):
        total = len(iterable)
    yield from tqdm(
        iterable,
        desc=desc,
        total=total,
        unit=unit,
        mininterval=1.0,
        leave=False,
        dynamic_ncols=True,
    )
