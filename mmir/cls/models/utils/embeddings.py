"""Pooled embeddings of an mmpretrain ``ImageClassifier``: what its head
sees before the classifier (Tang et al.: the SVM's input, the UMAP of
Fig. 6)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import torch

if TYPE_CHECKING:
    import torch.nn as nn

__all__ = ['extract_embeddings']


@torch.no_grad()
def extract_embeddings(
    model: nn.Module, dataloader: Iterable[dict]
) -> tuple[torch.Tensor, torch.Tensor]:
    """``(embeddings (N, D) float32, labels (N,) long)`` over
    ``dataloader``: mmpretrain's ``extract_feat(x, stage='pre_logits')`` in
    eval mode (the data preprocessor's band scaling included, no batch
    augments)."""
    was_training = model.training
    model.eval()
    feats, labels = [], []
    try:
        for data in dataloader:
            data = model.data_preprocessor(data, False)
            emb = model.extract_feat(data['inputs'], stage='pre_logits')
            feats.append(emb.float().cpu())
            labels += [
                int(s.gt_label.reshape(-1)[0]) for s in data['data_samples']
            ]
    finally:
        model.train(was_training)
    if not feats:
        raise ValueError('no samples to extract embeddings from')
    return torch.cat(feats), torch.tensor(labels, dtype=torch.long)
