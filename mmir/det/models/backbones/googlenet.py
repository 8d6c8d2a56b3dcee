"""GoogLeNet at stride 8 (Zhao et al. 2024, Table 2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import torch.nn as nn
from mmdet.registry import MODELS
from mmengine.model import BaseModule
from torchvision.models.googlenet import BasicConv2d, Inception

from .utils import check_out_indices

if TYPE_CHECKING:
    from torch import Tensor


@MODELS.register_module()
class GoogLeNet(BaseModule):
    """GoogLeNet / Inception-v1 (Szegedy et al. 2015) as a detection
    backbone, built from torchvision's ``Inception`` and ``BasicConv2d``
    blocks (torchvision's parameter names, so its weights load with
    ``init_cfg=dict(type='Pretrained', checkpoint=LOCAL_FILE)``), with an
    ``in_channels`` stem and stride-exact pooling (3x3, stride 2, padding
    1: every stage is ``ceil(H / s)``, as the dim-target head expects).

    Stages::

        0: conv1 7x7/2                                stride 2,   64 ch
        1: pool, conv2 1x1, conv3 3x3                 stride 4,  192 ch
        2: pool, inception3a, 3b                      stride 8,  480 ch
        3: pool, inception4a..4e                      stride 16, 832 ch
        4: pool, inception5a, 5b                      stride 32, 1024 ch

    Only the stages up to ``max(out_indices)`` are built.
    """

    def __init__(
        self,
        in_channels: int = 3,
        out_indices: Sequence[int] = (2,),
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        super().__init__(init_cfg)
        self.out_indices = check_out_indices(out_indices, 5)
        n = max(self.out_indices) + 1
        self.conv1 = BasicConv2d(
            in_channels, 64, kernel_size=7, stride=2, padding=3
        )
        if n > 1:
            self.maxpool1 = nn.MaxPool2d(3, stride=2, padding=1)
            self.conv2 = BasicConv2d(64, 64, kernel_size=1)
            self.conv3 = BasicConv2d(64, 192, kernel_size=3, padding=1)
        if n > 2:
            self.maxpool2 = nn.MaxPool2d(3, stride=2, padding=1)
            self.inception3a = Inception(192, 64, 96, 128, 16, 32, 32)
            self.inception3b = Inception(256, 128, 128, 192, 32, 96, 64)
        if n > 3:
            self.maxpool3 = nn.MaxPool2d(3, stride=2, padding=1)
            self.inception4a = Inception(480, 192, 96, 208, 16, 48, 64)
            self.inception4b = Inception(512, 160, 112, 224, 24, 64, 64)
            self.inception4c = Inception(512, 128, 128, 256, 24, 64, 64)
            self.inception4d = Inception(512, 112, 144, 288, 32, 64, 64)
            self.inception4e = Inception(528, 256, 160, 320, 32, 128, 128)
        if n > 4:
            self.maxpool4 = nn.MaxPool2d(3, stride=2, padding=1)
            self.inception5a = Inception(832, 256, 160, 320, 32, 128, 128)
            self.inception5b = Inception(832, 384, 192, 384, 48, 128, 128)
        self.stages = [
            ['conv1'],
            ['maxpool1', 'conv2', 'conv3'],
            ['maxpool2', 'inception3a', 'inception3b'],
            ['maxpool3'] + [f'inception4{c}' for c in 'abcde'],
            ['maxpool4', 'inception5a', 'inception5b'],
        ][:n]

    def forward(self, x: Tensor) -> tuple[Tensor, ...]:
        outs = []
        for k, names in enumerate(self.stages):
            for name in names:
                x = getattr(self, name)(x)
            if k in self.out_indices:
                outs.append(x)
        return tuple(outs)
