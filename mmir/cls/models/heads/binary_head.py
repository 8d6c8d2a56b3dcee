"""One-logit binary classification head trained with binary cross-entropy
(the loss of Kim & Kwon, Appl. Sci. 2025, section 3.2)."""

from typing import Any

import torch
import torch.nn as nn
from mmpretrain.models.heads import ClsHead
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample


@MODELS.register_module()
class BinaryLinearClsHead(ClsHead):
    """A linear layer to one logit ``s``; ``p = sigm(s)`` is the probability
    of the positive class (label 1).

    Loss: ``loss`` (default ``CrossEntropyLoss(use_sigmoid=True)``, i.e.
    ``-[y log p + (1 - y) log(1 - p)]``) on logits ``(B, 1)`` and targets
    ``(B, 1)``: the hard label, or the positive-class entry of a soft label
    (``gt_score``, from Mixup/CutMix).

    Predictions keep mmpretrain's two-class layout so its metrics work
    unchanged: ``pred_score = [1 - p, p]``, ``pred_label = p >= threshold``.

    Args:
        in_channels (int): channels of the pooled feature.
        threshold (float): decision threshold on ``p``. Defaults to 0.5.
        num_classes (int): must be 2 (kept for configs that set it).
    """

    def __init__(
        self,
        in_channels: int,
        threshold: float = 0.5,
        num_classes: int = 2,
        loss: dict = dict(
            type='CrossEntropyLoss', use_sigmoid=True, loss_weight=1.0
        ),
        init_cfg: dict | list[dict] | None = dict(
            type='Normal', layer='Linear', std=0.01
        ),
        **kwargs: Any,
    ):
        if num_classes != 2:
            raise ValueError(
                'BinaryLinearClsHead is a two-class head '
                f'(negative/positive), got num_classes='
                f'{num_classes}'
            )
        if not 0 < threshold < 1:
            raise ValueError(f'threshold must be in (0, 1), got {threshold}')
        super().__init__(loss=loss, init_cfg=init_cfg, **kwargs)
        self.in_channels = in_channels
        self.threshold = threshold
        self.num_classes = num_classes
        self.fc = nn.Linear(in_channels, 1)

    def forward(self, feats: tuple[torch.Tensor, ...]) -> torch.Tensor:
        """Logits ``(B, 1)``."""
        return self.fc(self.pre_logits(feats))

    def _get_loss(self, cls_score, data_samples, **kwargs):
        if 'gt_score' in data_samples[0]:
            scores = torch.stack([d.gt_score for d in data_samples])
            target = scores[:, 1:2] if scores.shape[1] == 2 else scores
        else:
            target = torch.cat([d.gt_label for d in data_samples]).unsqueeze(1)
        if target.numel() and (target.max() > 1 or target.min() < 0):
            raise ValueError(
                'BinaryLinearClsHead needs labels 0/1, got '
                f'{sorted(set(target.flatten().tolist()))}'
            )
        target = target.to(cls_score.dtype)
        loss = self.loss_module(
            cls_score, target, avg_factor=cls_score.size(0), **kwargs
        )
        return dict(loss=loss)

    def _get_predictions(self, cls_score, data_samples):
        prob = torch.sigmoid(cls_score.detach().float()).squeeze(1)
        scores = torch.stack([1 - prob, prob], dim=1)
        labels = (prob >= self.threshold).long()
        if data_samples is None:
            data_samples = [None] * len(prob)
        out = []
        for sample, score, label in zip(data_samples, scores, labels):
            sample = DataSample() if sample is None else sample
            out.append(sample.set_pred_score(score).set_pred_label(label))
        return out
