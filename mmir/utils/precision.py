"""Mixed precision (``--amp``): the few computations that must not run in
fp16 (box areas past 256 x 256 px, the Lovász sort, e^(1/tau) of the
contrast loss) take their inputs through :func:`at_least_float32`."""

from __future__ import annotations

import torch

__all__ = ['at_least_float32']


def at_least_float32(*tensors: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Each tensor in float32 if it is fp16/bf16, else unchanged (float64
    stays float64)."""
    return tuple(
        t.float() if t.dtype in (torch.float16, torch.bfloat16) else t
        for t in tensors
    )
