"""Supervised contrastive loss between masked blocks (He et al., MRIFE,
eqs. 4-5)."""

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import Tensor

from mmir.utils.precision import at_least_float32


def block_contrast_loss(
    feats: Tensor,
    labels: Tensor,
    temperature: float = 0.07,
    reduction: str = 'mean',
    normalize: bool = True,
) -> Tensor:
    """Eqs. 4-5 over one set of block features.

    With x_1..x_N the class-1 (edge) features and x~_1..x~_M the class-0
    (background) features, L2-normalised::

        L_i = -1/N sum_{j != i} log( e^{x_i.x_j/t} /
                                     (e^{x_i.x_j/t} + sum_k e^{x_i.x~_k/t}) )
        L   = sum_i L_i        (eq. 4, reduction='sum')

    Class-1 features are the anchors, the other class-1 features their
    positives and all class-0 features the negatives, as eq. 5 is written.
    ``reduction='mean'`` divides eq. 4 by N so the loss does not grow with
    the number of masked blocks.

    Args:
        feats: (P, C) features of the masked blocks.
        labels: (P,) contrast labels, 1 or 0.
    Returns:
        A scalar; 0 (with a gradient path) when there are fewer than two
        class-1 features.
    """
    if reduction not in ('mean', 'sum'):
        raise ValueError(f"reduction={reduction!r}; expected 'mean' or 'sum'")
    (feats,) = at_least_float32(feats)  # fp16: e^(1/0.07) overflows
    if normalize:
        feats = F.normalize(feats, dim=1)
    pos = feats[labels == 1]
    neg = feats[labels == 0]
    n = len(pos)
    if n < 2:
        return feats.sum() * 0
    sim_pos = pos @ pos.t() / temperature  # (N, N)
    if len(neg):
        neg_lse = torch.logsumexp(pos @ neg.t() / temperature, dim=1)
        log_prob = sim_pos - torch.logaddexp(sim_pos, neg_lse[:, None])
    else:  # no negatives: each fraction is e^a / e^a = 1
        log_prob = torch.zeros_like(sim_pos)
    off_diag = ~torch.eye(n, dtype=torch.bool, device=feats.device)
    per_anchor = -(log_prob * off_diag).sum(1) / n
    return per_anchor.sum() if reduction == 'sum' else per_anchor.mean()


@MODELS.register_module()
class BlockContrastLoss(nn.Module):
    """Module form of :func:`block_contrast_loss` (MRIFE eqs. 4-5).

    Args:
        temperature (float): tau; the paper does not give its value, 0.07 is
            the supervised-contrastive default (Khosla et al., 2020).
        reduction (str): 'sum' is eq. 4 as printed, 'mean' divides by the
            number of class-1 anchors.
        loss_weight (float): beta of eq. 8.
    """

    def __init__(
        self,
        temperature: float = 0.07,
        reduction: str = 'mean',
        loss_weight: float = 1.0,
    ):
        super().__init__()
        if temperature <= 0:
            raise ValueError(f'temperature={temperature} must be > 0')
        self.temperature = temperature
        self.reduction = reduction
        self.loss_weight = loss_weight

    def forward(self, feats: Tensor, labels: Tensor) -> Tensor:
        return self.loss_weight * block_contrast_loss(
            feats, labels, self.temperature, self.reduction
        )
