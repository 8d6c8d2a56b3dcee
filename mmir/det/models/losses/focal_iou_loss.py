"""Focal IoU loss, eq. (12) of Wang & Ren (Symmetry 2025):
L = IoU^gamma * L_base, after Zhang et al.'s Focal-EIoU (2022)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch
import torch.nn as nn
from mmdet.models.losses.utils import weight_reduce_loss
from mmdet.registry import MODELS
from mmdet.structures.bbox import bbox_overlaps

from mmir.utils.precision import at_least_float32

from .utils import iou_loss_inputs

if TYPE_CHECKING:
    from torch import Tensor


@MODELS.register_module()
class FocalIoULoss(nn.Module):
    """``IoU ** gamma`` times any IoU-style box loss.

    Args:
        iou_loss (dict): the base loss, e.g. ``dict(type='SIoULoss')``,
            ``'CIoULoss'``, ``'EfficientIoULoss'``. For mmdet's
            ``SIoULoss``, ``neg_gamma`` defaults to True here: only then is
            its distance cost the paper's sum(1 - exp(-(2 - Lambda) rho))
            (eqs. 7-11); mmdet's own default ``neg_gamma=False`` is not.
        gamma (float): focusing exponent (the paper's best: 0.5).
        detach_iou (bool): if True (default, as in Zhang et al.'s
            Focal-EIoU), ``IoU ** gamma`` is a weight without gradient; if
            False, the gradient also flows through the IoU factor.
        eps (float): pairs with IoU <= eps get loss 0 (IoU ** gamma ~ 0)
            without evaluating the base loss, which keeps gradients finite.

    Shapes: ``pred``, ``target`` (n, 4) boxes (x1, y1, x2, y2); ``weight``
    (n,) or (n, 4); returns a scalar (or (n,) with reduction 'none').
    """

    def __init__(
        self,
        iou_loss: dict = dict(type='SIoULoss'),
        gamma: float = 0.5,
        detach_iou: bool = True,
        eps: float = 1e-6,
        reduction: str = 'mean',
        loss_weight: float = 1.0,
    ) -> None:
        super().__init__()
        iou_loss = dict(iou_loss)
        if iou_loss.get('type') in ('SIoULoss', 'mmdet.SIoULoss'):
            iou_loss.setdefault('neg_gamma', True)
        self.iou_loss = MODELS.build(iou_loss)
        self.gamma = gamma
        self.detach_iou = detach_iou
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
        iou = bbox_overlaps(pred, target, is_aligned=True)
        if self.detach_iou:
            iou = iou.detach()
        # IoU^gamma is 0 where the boxes do not overlap, so the base loss is
        # only evaluated where IoU > eps: this keeps the gradient of the
        # power finite (gamma < 1) and skips degenerate pairs on which base
        # losses give NaN (mmdet's SIoU on two zero-width boxes).
        keep = torch.nonzero(iou > self.eps, as_tuple=True)[0]
        base = self.iou_loss(
            pred[keep], target[keep], reduction_override='none', **kwargs
        )
        loss = (
            (pred.sum() * 0)
            .expand(len(pred))
            .index_put((keep,), iou[keep] ** self.gamma * base)
        )
        loss = weight_reduce_loss(loss, weight, reduction, avg_factor)
        return self.loss_weight * loss
