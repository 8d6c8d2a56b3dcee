"""Pooled embeddings of an mmpretrain ``ImageClassifier``: what its head
sees before the classifier (Tang et al.: the SVM's input, the UMAP of
Fig. 6)."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import torch

from mmir.utils.progress import progress

if TYPE_CHECKING:
    import torch.nn as nn

    from mmir.utils.resume import RecordCache

__all__ = ['extract_embeddings']


@torch.no_grad()
def extract_embeddings(
    model: nn.Module,
    dataloader: Iterable[dict],
    cache: RecordCache | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """``(embeddings (N, D) float32, labels (N,) long)`` over
    ``dataloader``: mmpretrain's ``extract_feat(x, stage='pre_logits')`` in
    eval mode (the data preprocessor's band scaling included, no batch
    augments). With ``cache`` (an unshuffled loader), each batch's result
    is recorded as it is done and batches already in the cache are not run
    through the model again (a killed run resumes, bit for bit)."""
    was_training = model.training
    model.eval()
    feats, labels = [], []
    try:
        for k, data in enumerate(
            progress(dataloader, 'embeddings', unit='batch')
        ):
            if cache is not None and k in cache.done:
                rec = cache.done[k]
                feats.append(_decode(rec['emb'], rec['shape']))
                labels += rec['labels']
                continue
            data = model.data_preprocessor(data, False)
            emb = model.extract_feat(data['inputs'], stage='pre_logits')
            emb = emb.float().cpu()
            batch_labels = [
                int(s.gt_label.reshape(-1)[0]) for s in data['data_samples']
            ]
            if cache is not None:
                cache.append(
                    k,
                    dict(
                        emb=base64.b64encode(emb.numpy().tobytes()).decode(),
                        shape=list(emb.shape),
                        labels=batch_labels,
                    ),
                )
            feats.append(emb)
            labels += batch_labels
    finally:
        model.train(was_training)
    if not feats:
        raise ValueError('no samples to extract embeddings from')
    return torch.cat(feats), torch.tensor(labels, dtype=torch.long)


def _decode(text: str, shape: list[int]) -> torch.Tensor:
    data = np.frombuffer(base64.b64decode(text), dtype=np.float32)
    return torch.from_numpy(data.reshape(shape).copy())
