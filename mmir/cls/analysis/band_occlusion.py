"""Band-wise occlusion importance (Tang et al., section 4.3, Fig. 7): zero
one input band at a time and accumulate the drop of the predicted
probability of the positive class."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import torch

from mmir.utils.progress import progress

if TYPE_CHECKING:
    import torch.nn as nn

__all__ = ['band_occlusion']


@torch.no_grad()
def band_occlusion(
    model: nn.Module,
    dataloader: Iterable[dict],
    positive: int = 1,
    only_label: int = 1,
    baseline: str = 'prediction',
) -> tuple[torch.Tensor, int]:
    """Per-band importance ``(C,)`` and the number of samples used.

    For each sample (those labelled ``only_label``; None = all), with ``x``
    the model input after the data preprocessor's band scaling and ``x^c``
    it with band ``c`` set to 0 (the band's training mean under standard
    scaling)::

        importance_c = sum_samples  p_ref - p(positive | x^c)

    ``baseline='prediction'``: ``p_ref = p(positive | x)``; ``'one'``:
    ``p_ref = 1`` (the paper's "original prediction assumed to be 1.0").
    """
    if baseline not in ('prediction', 'one'):
        raise ValueError(
            f"baseline must be 'prediction' or 'one', got {baseline!r}"
        )
    was_training = model.training
    model.eval()
    total, count = None, 0
    try:
        for data in progress(dataloader, 'band occlusion', unit='batch'):
            data = model.data_preprocessor(data, False)
            x, samples = data['inputs'], data['data_samples']
            if only_label is not None:
                keep = [
                    i
                    for i, s in enumerate(samples)
                    if int(s.gt_label.reshape(-1)[0]) == only_label
                ]
                if not keep:
                    continue
                x = x[keep]
                samples = [samples[i] for i in keep]

            def prob(inp):
                out = model.predict(inp, [s.clone() for s in samples])
                return torch.stack([o.pred_score[positive] for o in out])

            ref = (
                prob(x)
                if baseline == 'prediction'
                else torch.ones(len(x), device=x.device)
            )
            drops = []
            for c in range(x.shape[1]):
                occluded = x.clone()
                occluded[:, c] = 0
                drops.append((ref - prob(occluded)).sum())
            drops = torch.stack(drops).double().cpu()
            total = drops if total is None else total + drops
            count += len(x)
    finally:
        model.train(was_training)
    if total is None:
        raise ValueError(f'no sample labelled {only_label} to occlude')
    return total, count
