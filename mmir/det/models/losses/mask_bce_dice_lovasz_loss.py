"""Compound mask loss of Wang & Ren (Symmetry 2025), eqs. (13)-(18):
L = w_bce * MBCE + w_dice * Dice + w_lovasz * Lovasz-Softmax (weights 1, 1,
0.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmdet.models.losses.dice_loss import dice_loss
from mmdet.registry import MODELS

from mmir.utils.precision import at_least_float32

if TYPE_CHECKING:
    from torch import Tensor


def lovasz_grad(gt_sorted: Tensor) -> Tensor:
    """Gradient of the Lovasz extension of the Jaccard loss w.r.t. errors
    sorted in decreasing order (Berman et al., CVPR 2018, Alg. 1), for each
    row of a (N, P) {0, 1} tensor."""
    gts = gt_sorted.sum(1, keepdim=True)
    intersection = gts - gt_sorted.cumsum(1)
    union = gts + (1 - gt_sorted).cumsum(1)  # >= 1: no division by zero
    jaccard = 1.0 - intersection / union
    return torch.cat([jaccard[:, :1], jaccard[:, 1:] - jaccard[:, :-1]], 1)


def _lovasz_extension(errors, targets):
    """sum_i f_(i) * G_i over errors sorted in decreasing order (eq. 16),
    one row per RoI."""
    errors_sorted, perm = torch.sort(errors, dim=1, descending=True)
    return (errors_sorted * lovasz_grad(targets.gather(1, perm))).sum(1)


def lovasz_softmax_per_roi(probs: Tensor, targets: Tensor) -> Tensor:
    """Lovasz-Softmax of the RoI's class k (eqs. 15-17; Berman et al., CVPR
    2018, with classes='present' reduced to the one class the RoI is
    labelled with), (N, h, w) probabilities p and {0, 1} targets -> (N,).

    Errors f_i = 1 - p_i on the true pixels and p_i elsewhere (eq. 17), i.e.
    |y_i - p_i| in [0, 1], so each RoI's loss lies in [0, 1]. A RoI without
    a true pixel costs max_i p_i (its Jaccard loss is 1 for any positive).
    """
    targets = targets.flatten(1).to(probs.dtype)
    return _lovasz_extension((targets - probs.flatten(1)).abs(), targets)


def lovasz_hinge_per_roi(logits: Tensor, targets: Tensor) -> Tensor:
    """Binary Lovasz hinge of each RoI (Berman et al., eq. 10), (N, h, w)
    logits and {0, 1} targets -> (N,): the Lovasz extension of the Jaccard
    loss applied to the unbounded hinge errors max(0, 1 - logit * (2y - 1)).
    Not the paper's eq. 17 (``lovasz_mode='hinge'`` of the loss)."""
    logits = logits.flatten(1)
    targets = targets.flatten(1).to(logits.dtype)
    return _lovasz_extension(
        F.relu(1.0 - logits * (2.0 * targets - 1.0)), targets
    )


@MODELS.register_module()
class MaskBCEDiceLovaszLoss(nn.Module):
    """Drop-in ``loss_mask`` for mmdet's ``FCNMaskHead``.

    Called as ``loss(mask_preds, mask_targets, labels)`` with logits
    (N, C, h, w), binary targets (N, h, w) and labels (N,); only channel
    ``labels[i]`` of RoI i is used (the 1^k of the paper). Each term is the
    mean over RoIs of: BCE with logits averaged over the h*w pixels (eq.
    13), naive Dice 1 - 2 sum(xy) / (sum x + sum y) on sigmoid x (eq. 14,
    mmdet's ``dice_loss(naive_dice=True)``), and Lovasz-Softmax on sigmoid x
    (eqs. 15-17, :func:`lovasz_softmax_per_roi`; ``lovasz_mode='hinge'``
    takes the Lovasz hinge on logits instead, whose unbounded errors upset
    the 0.1 weight of eq. 18). Returns a scalar.
    """

    def __init__(
        self,
        bce_weight: float = 1.0,
        dice_weight: float = 1.0,
        lovasz_weight: float = 0.1,
        dice_eps: float = 1e-3,
        lovasz_mode: str = 'softmax',
        loss_weight: float = 1.0,
    ):
        super().__init__()
        if lovasz_mode not in ('softmax', 'hinge'):
            raise ValueError(
                f'MaskBCEDiceLovaszLoss: lovasz_mode must be '
                f"'softmax' or 'hinge', got {lovasz_mode!r}"
            )
        self.lovasz_mode = lovasz_mode
        self.bce_weight = bce_weight
        self.dice_weight = dice_weight
        self.lovasz_weight = lovasz_weight
        self.dice_eps = dice_eps
        self.loss_weight = loss_weight

    def forward(
        self,
        pred: Tensor,
        target: Tensor,
        label: Tensor,
        weight: Tensor | None = None,
        avg_factor: float | None = None,
        reduction_override: str | None = None,
        **kwargs: Any,
    ) -> Tensor:
        if pred.size(0) == 0:
            return pred.sum() * 0
        if (
            weight is not None
            or avg_factor is not None
            or reduction_override not in (None, 'mean')
        ):
            raise NotImplementedError(
                'MaskBCEDiceLovaszLoss averages over RoIs; weight, avg_factor '
                'and reduction_override are not supported'
            )
        inds = torch.arange(pred.size(0), device=pred.device)
        # Lovász sorts the errors: in float32 under AMP
        (logits,) = at_least_float32(pred[inds, label.long()])
        target = target.type_as(logits)
        loss = logits.new_zeros(())
        if self.bce_weight:
            loss = loss + self.bce_weight * F.binary_cross_entropy_with_logits(
                logits, target, reduction='mean'
            )
        probs = logits.sigmoid()
        if self.dice_weight:
            loss = loss + self.dice_weight * dice_loss(
                probs, target, eps=self.dice_eps, naive_dice=True
            )
        if self.lovasz_weight:
            lovasz = (
                lovasz_softmax_per_roi(probs, target)
                if self.lovasz_mode == 'softmax'
                else lovasz_hinge_per_roi(logits, target)
            )
            loss = loss + self.lovasz_weight * lovasz.mean()
        return self.loss_weight * loss
