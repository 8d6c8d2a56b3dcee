"""mmdet's IoU-loss conventions (weights, avg_factor, reduction) in one
place."""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch

if TYPE_CHECKING:
    from torch import Tensor


def iou_loss_inputs(
    pred: Tensor,
    weight: Tensor | None,
    reduction_override: str | None,
    reduction: str,
) -> tuple[Tensor | None, Tensor | None, str | None]:
    """mmdet's IoU-loss conventions in one place.

    Returns ``(zero, weight, reduction)``: ``zero`` is a graph-keeping 0 when
    every weight is 0 (the caller returns it), else None; a (n, 4) weight is
    averaged to (n,); ``reduction_override`` wins over ``reduction``.
    """
    if weight is not None and not torch.any(weight > 0):
        if pred.dim() == weight.dim() + 1:
            weight = weight.unsqueeze(1)
        return (pred * weight).sum(), None, None
    assert reduction_override in (None, 'none', 'mean', 'sum')
    if weight is not None and weight.dim() > 1:
        weight = weight.mean(-1)
    return None, weight, reduction_override or reduction
