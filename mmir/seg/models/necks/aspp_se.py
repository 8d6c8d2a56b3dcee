"""ASPP + SE on the last backbone stage: the tail of MRIFE's feature
extraction module (He et al., MRIFE, sec. III-B; Lu et al., ICSSN)."""

from collections.abc import Sequence

import torch
import torch.nn as nn
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from mmseg.models.decode_heads.aspp_head import ASPPModule
from mmseg.models.utils import SELayer, resize
from mmseg.registry import MODELS


@MODELS.register_module()
class ASPPSENeck(BaseModule):
    """DeepLabV3's ASPP (image pooling + atrous branches, 3x3 bottleneck)
    followed by squeeze-and-excitation channel weighting.

    (B, in_channels, h, w) -> (B, channels, h, w), returned as a 1-tuple so
    mmseg decode heads take it as they take necks' outputs.

    Args:
        in_channels (int): channels of the backbone stage used.
        channels (int): C of the encoder's features.
        dilations (tuple[int]): atrous rates; (1, 12, 24, 36) at output
            stride 8 as mmseg's DeepLabV3 configs use.
        se_ratio (int): SE squeeze ratio.
        in_index (int): which backbone output to use.
    """

    def __init__(
        self,
        in_channels: int = 2048,
        channels: int = 256,
        dilations: Sequence[int] = (1, 12, 24, 36),
        se_ratio: int = 16,
        in_index: int = -1,
        norm_cfg: dict = dict(type='BN', requires_grad=True),
        act_cfg: dict = dict(type='ReLU'),
        align_corners: bool = False,
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        super().__init__(init_cfg)
        self.in_index = in_index
        self.align_corners = align_corners
        self.image_pool = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            ConvModule(
                in_channels, channels, 1, norm_cfg=norm_cfg, act_cfg=act_cfg
            ),
        )
        self.aspp_modules = ASPPModule(
            dilations, in_channels, channels, None, norm_cfg, act_cfg
        )
        self.bottleneck = ConvModule(
            (len(dilations) + 1) * channels,
            channels,
            3,
            padding=1,
            norm_cfg=norm_cfg,
            act_cfg=act_cfg,
        )
        self.se = SELayer(
            channels,
            ratio=se_ratio,
            act_cfg=(dict(type='ReLU'), dict(type='Sigmoid')),
        )
        self.out_channels = channels

    def forward(self, inputs: Sequence[torch.Tensor]) -> tuple[torch.Tensor]:
        x = (
            inputs[self.in_index]
            if isinstance(inputs, (list, tuple))
            else inputs
        )
        pooled = resize(
            self.image_pool(x),
            size=x.shape[2:],
            mode='bilinear',
            align_corners=self.align_corners,
        )
        out = self.bottleneck(torch.cat([pooled, *self.aspp_modules(x)], 1))
        return (self.se(out),)
