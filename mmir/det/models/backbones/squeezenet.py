"""SqueezeNet 1.1 at stride 8 (Zhao et al. 2024, Table 2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import torch.nn as nn
from mmdet.registry import MODELS
from mmengine.model import BaseModule
from torchvision.models.squeezenet import Fire

from .utils import check_out_indices

if TYPE_CHECKING:
    from torch import Tensor


@MODELS.register_module()
class SqueezeNet(BaseModule):
    """SqueezeNet 1.1 (Iandola et al. 2016) as a detection backbone, from
    torchvision's ``Fire`` modules (parameter names ``features.<i>`` as in
    torchvision, so its weights load with ``init_cfg=dict(type='Pretrained',
    checkpoint=LOCAL_FILE)``), with an ``in_channels`` stem and
    stride-exact padding (every stage is ``ceil(H / s)``).

    Stages::

        0: conv 3x3/2                        stride 2,   64 ch
        1: pool, fire2, fire3                stride 4,  128 ch
        2: pool, fire4, fire5                stride 8,  256 ch
        3: pool, fire6..fire9                stride 16, 512 ch

    Only the stages up to ``max(out_indices)`` are built.
    """

    def __init__(
        self,
        in_channels: int = 3,
        out_indices: Sequence[int] = (2,),
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        super().__init__(init_cfg)
        self.out_indices = check_out_indices(out_indices, 4)
        pool = dict(kernel_size=3, stride=2, padding=1)
        layers = [
            [
                nn.Conv2d(in_channels, 64, 3, stride=2, padding=1),
                nn.ReLU(inplace=True),
            ],
            [
                nn.MaxPool2d(**pool),
                Fire(64, 16, 64, 64),
                Fire(128, 16, 64, 64),
            ],
            [
                nn.MaxPool2d(**pool),
                Fire(128, 32, 128, 128),
                Fire(256, 32, 128, 128),
            ],
            [
                nn.MaxPool2d(**pool),
                Fire(256, 48, 192, 192),
                Fire(384, 48, 192, 192),
                Fire(384, 64, 256, 256),
                Fire(512, 64, 256, 256),
            ],
        ][: max(self.out_indices) + 1]
        self.features = nn.Sequential(*[m for stage in layers for m in stage])
        self.stage_ends = []
        end = 0
        for stage in layers:
            end += len(stage)
            self.stage_ends.append(end)

    def forward(self, x: Tensor) -> tuple[Tensor, ...]:
        outs, start = [], 0
        for k, end in enumerate(self.stage_ends):
            for m in self.features[start:end]:
                x = m(x)
            start = end
            if k in self.out_indices:
                outs.append(x)
        return tuple(outs)
