"""A plain binary-classifier CNN, the configurable stand-in for the "binary
CNN-based classifier" of Edwards et al. (M2VIP 2024), the baseline of Kim &
Kwon, Appl. Sci. 2025 (Tables 3-6)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import torch.nn as nn
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS

if TYPE_CHECKING:
    import torch


@MODELS.register_module()
class PlainCNN(BaseModule):
    """Stages of ``convs_per_stage`` x (3x3 conv, BN, ReLU) followed by 2x2
    max pooling, widths ``channels``.

    Neither Kim & Kwon nor the text available to us list the layers of
    Edwards et al.'s classifier (only its 256x256 input), so the widths and
    depths are parameters: set them to the published ones to reproduce it
    exactly. Output: a one-item tuple with the last feature map
    ``(B, channels[-1], H / 2**len(channels), W / 2**len(channels))``.
    """

    def __init__(
        self,
        in_channels: int = 3,
        channels: Sequence[int] = (32, 64, 128, 256),
        convs_per_stage: int = 1,
        norm_cfg: dict = dict(type='BN'),
        init_cfg: dict | list[dict] | None = [
            dict(type='Kaiming', layer='Conv2d'),
            dict(type='Constant', val=1, layer=['_BatchNorm']),
        ],
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        layers = []
        for width in channels:
            for _ in range(convs_per_stage):
                layers.append(
                    ConvModule(
                        in_channels, width, 3, padding=1, norm_cfg=norm_cfg
                    )
                )
                in_channels = width
            layers.append(nn.MaxPool2d(2))
        self.layers = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor]:
        return (self.layers(x),)
