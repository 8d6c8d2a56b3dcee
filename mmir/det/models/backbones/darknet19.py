"""DarkNet-19 at stride 8 (Zhao et al. 2024, Table 2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import torch.nn as nn
from mmcv.cnn import ConvModule
from mmdet.registry import MODELS
from mmengine.model import BaseModule

from .utils import check_out_indices

if TYPE_CHECKING:
    from torch import Tensor


@MODELS.register_module()
class DarkNet19(BaseModule):
    """DarkNet-19 (Redmon & Farhadi, YOLO9000, Table 6), the best backbone
    of the dim-target paper's Table 2, with an ``in_channels`` stem.

    Stages (a 2x2 max-pool starts every stage after the first)::

        0: 3x3 32                                   stride 1,   32 ch
        1: 3x3 64                                   stride 2,   64 ch
        2: 3x3 128, 1x1 64, 3x3 128                 stride 4,  128 ch
        3: 3x3 256, 1x1 128, 3x3 256                stride 8,  256 ch
        4: 3x3 512, 1x1 256, 3x3 512, 1x1 256, 3x3 512      16, 512 ch
        5: 3x3 1024, 1x1 512, ... (5 convs)                 32, 1024 ch

    Only the stages up to ``max(out_indices)`` are built (the head of the
    dim-target network takes the stride-8 map: ``out_indices=(3, )``).
    Input ``(B, in_channels, H, W)``; outputs a tuple of
    ``(B, C_k, ceil(H / s_k), ceil(W / s_k))``.
    """

    arch = [
        [(3, 32)],
        [(3, 64)],
        [(3, 128), (1, 64), (3, 128)],
        [(3, 256), (1, 128), (3, 256)],
        [(3, 512), (1, 256), (3, 512), (1, 256), (3, 512)],
        [(3, 1024), (1, 512), (3, 1024), (1, 512), (3, 1024)],
    ]

    def __init__(
        self,
        in_channels: int = 3,
        out_indices: Sequence[int] = (3,),
        frozen_stages: int = -1,
        norm_cfg: dict = dict(type='BN', requires_grad=True),
        act_cfg: dict = dict(type='LeakyReLU', negative_slope=0.1),
        norm_eval: bool = False,
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        super().__init__(
            init_cfg
            or [
                dict(type='Kaiming', layer='Conv2d'),
                dict(
                    type='Constant', val=1, layer=['_BatchNorm', 'GroupNorm']
                ),
            ]
        )
        self.out_indices = check_out_indices(out_indices, 6)
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval
        self.stages = nn.ModuleList()
        c_in = in_channels
        for k in range(max(self.out_indices) + 1):
            layers = [nn.MaxPool2d(2, 2, ceil_mode=True)] if k else []
            for kernel, c_out in self.arch[k]:
                layers.append(
                    ConvModule(
                        c_in,
                        c_out,
                        kernel,
                        padding=kernel // 2,
                        norm_cfg=norm_cfg,
                        act_cfg=act_cfg,
                    )
                )
                c_in = c_out
            self.stages.append(nn.Sequential(*layers))

    def forward(self, x: Tensor) -> tuple[Tensor, ...]:
        outs = []
        for k, stage in enumerate(self.stages):
            x = stage(x)
            if k in self.out_indices:
                outs.append(x)
        return tuple(outs)

    def _freeze_stages(self) -> None:
        for k in range(min(self.frozen_stages + 1, len(self.stages))):
            self.stages[k].eval()
            for p in self.stages[k].parameters():
                p.requires_grad = False

    def train(self, mode: bool = True) -> 'DarkNet19':
        super().train(mode)
        self._freeze_stages()
        if mode and self.norm_eval:
            for m in self.modules():
                if isinstance(m, nn.modules.batchnorm._BatchNorm):
                    m.eval()
        return self
