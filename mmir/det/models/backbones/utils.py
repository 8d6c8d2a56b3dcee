"""Argument checks the dim-target backbones share."""

from collections.abc import Sequence


def check_out_indices(
    out_indices: Sequence[int], num_stages: int
) -> tuple[int, ...]:
    """``out_indices`` as a tuple, or a ValueError unless it is a non-empty
    subset of ``0 .. num_stages - 1``."""
    if not out_indices or not set(out_indices) <= set(range(num_stages)):
        raise ValueError(
            f'out_indices must be a non-empty subset of '
            f'0..{num_stages - 1}, got {out_indices}'
        )
    return tuple(out_indices)
