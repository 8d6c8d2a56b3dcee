"""Per-band scaling of multi-band inputs (Tang et al., Table 2 "Norm.":
standard vs robust scaling) with statistics of the training split."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import torch
from mmpretrain.models.utils import ClsDataPreprocessor
from mmpretrain.registry import MODELS

if TYPE_CHECKING:
    import numpy as np

SCALINGS = ('standard', 'robust', 'none')


@MODELS.register_module()
class MultiBandDataPreprocessor(ClsDataPreprocessor):
    """``x_c <- (x_c - center_c) / scale_c`` for each of ``num_bands``
    bands, then mmpretrain's batch augments (Mixup, CutMix).

    ``scaling='standard'``: center = mean, scale = std; ``'robust'``:
    center = median, scale = interquartile range (q75 - q25); ``'none'``:
    identity. The statistics are persistent buffers (``mean``, ``std``), so
    a checkpoint carries the training split's values and ``tools/test.py``
    needs nothing else; :class:`BandStatsHook` computes them before
    training. Labels are one-hot by default (``to_onehot=True``) so a
    soft-label loss works with and without batch augments.
    """

    def __init__(
        self,
        num_bands: int,
        scaling: str = 'standard',
        to_onehot: bool = True,
        **kwargs: Any,
    ):
        if scaling not in SCALINGS:
            raise ValueError(
                f'scaling must be one of {SCALINGS}, got {scaling!r}'
            )
        for key in ('mean', 'std', 'to_rgb'):
            if kwargs.pop(key, None):
                raise ValueError(
                    f'MultiBandDataPreprocessor sets {key} itself (band '
                    'statistics come from the training split)'
                )
        super().__init__(
            mean=[0.0] * num_bands,
            std=[1.0] * num_bands,
            to_onehot=to_onehot,
            **kwargs,
        )
        self.num_bands = num_bands
        self.scaling = scaling
        for name, value in (('mean', 0.0), ('std', 1.0)):
            del self._buffers[name]
            self.register_buffer(name, torch.full((num_bands, 1, 1), value))
        self.register_buffer('stats_ready', torch.tensor(scaling == 'none'))

    def set_stats(
        self,
        center: Sequence[float] | np.ndarray,
        scale: Sequence[float] | np.ndarray,
    ) -> None:
        """Set the band statistics (``(num_bands,)`` each)."""
        center = torch.as_tensor(center, dtype=torch.float32).reshape(-1)
        scale = torch.as_tensor(scale, dtype=torch.float32).reshape(-1)
        if center.numel() != self.num_bands or scale.numel() != self.num_bands:
            raise ValueError(
                f'expected {self.num_bands} band statistics, '
                f'got {center.numel()} and {scale.numel()}'
            )
        if not bool((scale > 0).all()):
            raise ValueError(f'band scales must be positive: {scale}')
        if self.scaling == 'none':
            return
        self.mean.copy_(center.view(-1, 1, 1))
        self.std.copy_(scale.view(-1, 1, 1))
        self.stats_ready.fill_(True)

    def forward(self, data: dict, training: bool = False) -> dict:
        if not bool(self.stats_ready):
            raise RuntimeError(
                f'MultiBandDataPreprocessor ({self.scaling} scaling) has no '
                'band statistics: train with dict(type="BandStatsHook") in '
                'custom_hooks, or load a checkpoint trained so'
            )
        inputs = data['inputs']
        channels = (
            inputs.shape[1] if torch.is_tensor(inputs) else inputs[0].shape[0]
        )
        if channels != self.num_bands:
            raise ValueError(
                f'inputs have {channels} bands, the data '
                f'preprocessor expects num_bands='
                f'{self.num_bands}'
            )
        return super().forward(data, training)
