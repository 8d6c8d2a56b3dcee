"""Efficient IoU loss of Zhang et al., "Focal and Efficient IOU Loss for
Accurate Bounding Box Regression" (Neurocomputing 2022), eq. (8).

Not mmdet's ``EIoULoss``, which is the "Extended IoU" loss.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch
import torch.nn as nn
from mmdet.models.losses.utils import weighted_loss
from mmdet.registry import MODELS

from mmir.utils.precision import at_least_float32

from .utils import iou_loss_inputs

if TYPE_CHECKING:
    from torch import Tensor


@weighted_loss
def efficient_iou_loss(
    pred: Tensor, target: Tensor, eps: float = 1e-7
) -> Tensor:
    r"""EIoU for aligned (n, 4) boxes (x1, y1, x2, y2); returns (n,).

    .. math::
        L = 1 - IoU + \frac{\rho^2(b, b^{gt})}{c^2}
            + \frac{(w - w^{gt})^2}{C_w^2} + \frac{(h - h^{gt})^2}{C_h^2}

    with c the diagonal, C_w and C_h the width and height of the smallest
    box enclosing both.
    """
    lt = torch.max(pred[:, :2], target[:, :2])
    rb = torch.min(pred[:, 2:], target[:, 2:])
    overlap = (rb - lt).clamp(min=0).prod(dim=1)
    wh_p = (pred[:, 2:] - pred[:, :2]).clamp(min=0)
    wh_t = (target[:, 2:] - target[:, :2]).clamp(min=0)
    union = wh_p.prod(dim=1) + wh_t.prod(dim=1) - overlap + eps
    iou = overlap / union
    enclose = (
        torch.max(pred[:, 2:], target[:, 2:])
        - torch.min(pred[:, :2], target[:, :2])
    ).clamp(min=0)
    cw2 = enclose[:, 0] ** 2 + eps
    ch2 = enclose[:, 1] ** 2 + eps
    centre_p = (pred[:, :2] + pred[:, 2:]) / 2
    centre_t = (target[:, :2] + target[:, 2:]) / 2
    rho2 = ((centre_p - centre_t) ** 2).sum(dim=1)
    return (
        1
        - iou
        + rho2 / (cw2 + ch2)
        + (wh_p[:, 0] - wh_t[:, 0]) ** 2 / cw2
        + (wh_p[:, 1] - wh_t[:, 1]) ** 2 / ch2
    )


@MODELS.register_module()
class EfficientIoULoss(nn.Module):
    """:func:`efficient_iou_loss` with mmdet's IoU-loss interface."""

    def __init__(
        self,
        eps: float = 1e-7,
        reduction: str = 'mean',
        loss_weight: float = 1.0,
    ) -> None:
        super().__init__()
        self.eps = eps
        self.reduction = reduction
        self.loss_weight = loss_weight

    def forward(
        self,
        pred: Tensor,
        target: Tensor,
        weight: Tensor | None = None,
        avg_factor: float | None = None,
        reduction_override: str | None = None,
        **kwargs: Any,
    ) -> Tensor:
        zero, weight, reduction = iou_loss_inputs(
            pred, weight, reduction_override, self.reduction
        )
        if zero is not None:
            return zero
        # float32 under AMP: fp16 box areas overflow past 256 x 256 px
        pred, target = at_least_float32(pred, target)
        return self.loss_weight * efficient_iou_loss(
            pred,
            target,
            weight,
            eps=self.eps,
            reduction=reduction,
            avg_factor=avg_factor,
            **kwargs,
        )
