"""Band occlusion (Tang et al., sec. 4.3, Fig. 7) ranks the only band a
model looks at."""

import torch
import torch.nn as nn
from mmengine.dataset import pseudo_collate
from mmpretrain.structures import DataSample

from mmir.cls.analysis import band_occlusion
from mmir.cls.models.data_preprocessors import MultiBandDataPreprocessor


class _OneBandModel(nn.Module):
    """p(positive) = sigmoid(5 * mean of band ``band``): looks at one band
    only."""

    def __init__(self, bands, band):
        super().__init__()
        self.data_preprocessor = MultiBandDataPreprocessor(
            bands, 'none', num_classes=2
        )
        self.band = band

    def predict(self, x, samples):
        p = torch.sigmoid(5 * x[:, self.band].mean((1, 2)))
        return [
            s.set_pred_score(torch.stack([1 - pi, pi]))
            for s, pi in zip(samples, p)
        ]


def test_occlusion_ranks_the_only_band_the_model_uses():
    rng = torch.Generator().manual_seed(0)
    batches = []
    for _ in range(2):
        data = [
            dict(
                inputs=torch.rand(6, 8, 8, generator=rng) + 0.5,
                data_samples=DataSample().set_gt_label(lab),
            )
            for lab in (1, 0, 1)
        ]
        batches.append(pseudo_collate(data))
    model = _OneBandModel(6, band=4)
    imp, count = band_occlusion(model, batches)
    assert count == 4  # positives only
    assert int(imp.argmax()) == 4 and imp[4] > 0
    assert torch.count_nonzero(imp) == 1
    imp_all, count_all = band_occlusion(
        model, batches, only_label=None, baseline='one'
    )
    assert count_all == 6 and int(imp_all.argmax()) == 4
