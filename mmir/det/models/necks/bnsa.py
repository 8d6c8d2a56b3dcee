"""Bottleneck Squeeze-and-Attention (BNSA) neck of Wang & Ren, "Attention-Based
Mask R-CNN Enhancement for Infrared Image Target Segmentation" (Symmetry
2025), section 3.2: the SA module of Zhong et al. (CVPR 2020) with
ResNet-style 1x1 bottlenecks, applied to chosen backbone levels before FPN.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmdet.registry import MODELS
from mmengine.model import BaseModule

if TYPE_CHECKING:
    from torch import Tensor


class BNSABlock(BaseModule):
    """One BNSA block on a (B, C, H, W) map, returning (B, C, H, W).

    Main branch (eq. 3):      X_res  = U_m(F(D_m(X)))
    Attention branch (eq. 1): X_attn = Up(ReLU(U_a(F_attn(D_a(Apool(X))))))
    Output (eq. 2):           X_out  = X_attn * X_res + X_attn

    ``D`` is a 1x1 conv to C / reduction channels and ``U`` a 1x1 conv back
    to C (the bottleneck of Fig. 5 / eq. 4, one pair per branch); ``F`` and
    ``F_attn`` are two 3x3 conv layers each; ``Apool`` average-pools by
    ``pool_size`` and ``Up`` interpolates back to H x W.
    """

    def __init__(
        self,
        channels: int,
        reduction: int = 4,
        pool_size: int = 2,
        upsample_mode: str = 'bilinear',
        norm_cfg: dict = dict(type='BN'),
        act_cfg: dict = dict(type='ReLU'),
        init_cfg: dict | list[dict] | None = None,
    ):
        super().__init__(init_cfg)
        if channels % reduction:
            raise ValueError(
                f'BNSA: channels {channels} must be divisible '
                f'by reduction {reduction}'
            )
        mid = channels // reduction
        common = dict(norm_cfg=norm_cfg, act_cfg=act_cfg)

        def branch(last_act):
            return nn.Sequential(
                ConvModule(channels, mid, 1, **common),
                ConvModule(mid, mid, 3, padding=1, **common),
                ConvModule(mid, mid, 3, padding=1, **common),
                ConvModule(
                    mid,
                    channels,
                    1,
                    norm_cfg=norm_cfg,
                    act_cfg=act_cfg if last_act else None,
                ),
            )

        self.main = branch(last_act=False)
        # The attention branch ends with the paper's sigma (ReLU).
        self.attention = branch(last_act=True)
        self.pool = nn.AvgPool2d(pool_size, pool_size, ceil_mode=True)
        self.upsample_mode = upsample_mode

    def forward(self, x: Tensor) -> Tensor:
        x_res = self.main(x)
        x_attn = self.attention(self.pool(x))
        kwargs = (
            dict(align_corners=False)
            if self.upsample_mode in ('bilinear', 'bicubic')
            else {}
        )
        x_attn = F.interpolate(
            x_attn, size=x.shape[-2:], mode=self.upsample_mode, **kwargs
        )
        return x_attn * x_res + x_attn


@MODELS.register_module()
class BNSA(BaseModule):
    """Applies a :class:`BNSABlock` to the backbone levels in ``levels`` and
    passes the other levels through, so it chains before FPN::

        neck=[dict(type='BNSA', in_channels=[256, 512, 1024, 2048],
                   levels=(1, 2)),
              dict(type='FPN', in_channels=[256, 512, 1024, 2048], ...)]

    ``levels`` index ``in_channels``: (1, 2) is C3 and C4, the paper's
    final choice. Input and output: a tuple of (B, C_l, H_l, W_l).
    """

    def __init__(
        self,
        in_channels: Sequence[int],
        levels: Sequence[int] = (1, 2),
        reduction: int = 4,
        pool_size: int = 2,
        upsample_mode: str = 'bilinear',
        norm_cfg: dict = dict(type='BN'),
        act_cfg: dict = dict(type='ReLU'),
        init_cfg: dict | list[dict] | None = None,
    ):
        super().__init__(init_cfg)
        levels = tuple(levels)
        if len(set(levels)) != len(levels) or not all(
            0 <= lvl < len(in_channels) for lvl in levels
        ):
            raise ValueError(
                f'BNSA: levels {levels} must be distinct indices '
                f'of in_channels {list(in_channels)}'
            )
        self.in_channels = list(in_channels)
        self.levels = levels
        self.blocks = nn.ModuleDict(
            {
                str(lvl): BNSABlock(
                    in_channels[lvl],
                    reduction,
                    pool_size,
                    upsample_mode,
                    norm_cfg,
                    act_cfg,
                )
                for lvl in levels
            }
        )

    def forward(self, inputs: Sequence[Tensor]) -> tuple[Tensor, ...]:
        if len(inputs) != len(self.in_channels):
            raise ValueError(
                f'BNSA expects {len(self.in_channels)} levels, '
                f'got {len(inputs)}'
            )
        return tuple(
            self.blocks[str(i)](x) if str(i) in self.blocks else x
            for i, x in enumerate(inputs)
        )

    def init_weights(self) -> None:
        """Without an ``init_cfg`` the convs keep ConvModule's own init
        (Kaiming conv, unit BN), also inside a parent whose ``init_cfg``
        re-initializes every Conv2d (FPN's Xavier)."""
        super().init_weights()
        if self.init_cfg is None:
            for m in self.modules():
                if isinstance(m, ConvModule):
                    m.init_weights()
