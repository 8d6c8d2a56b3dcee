"""MRIFE's decoder (He et al., MRIFE, sec. III-D; Lu et al., ICSSN)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import torch.nn as nn
from mmcv.cnn import build_norm_layer
from mmseg.models.decode_heads.decode_head import BaseDecodeHead
from mmseg.registry import MODELS

if TYPE_CHECKING:
    import torch


@MODELS.register_module()
class TransposedConvHead(BaseDecodeHead):
    """Stacked transposed convolutions, each followed by norm, ReLU and
    dropout, restoring the encoder's resolution; then the 1x1 classifier.

    A factor-f stage is ConvTranspose2d(kernel 2f, stride f, padding f/2),
    which maps h -> f*h exactly. (B, in_channels, h, w) ->
    (B, num_classes, h * prod(factors), w * prod(factors)).

    Args:
        upsample_factors (tuple[int]): one per transposed convolution;
            (2, 4) takes output-stride-8 features back to full resolution.
        mid_channels (int): output channels of all but the last stage
            (default: ``channels``); the last stage outputs ``channels``.
        stage_dropout (float): dropout after each stage.
    """

    def __init__(
        self,
        upsample_factors: Sequence[int] = (2, 4),
        mid_channels: int | None = None,
        stage_dropout: float = 0.1,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if not upsample_factors:
            raise ValueError('upsample_factors must name at least one stage')
        mid_channels = mid_channels or self.channels
        layers = []
        in_ch = self.in_channels
        for i, f in enumerate(upsample_factors):
            if f < 2 or f % 2:
                raise ValueError(
                    f'upsample factor {f} must be an even integer >= 2'
                )
            out_ch = (
                self.channels
                if i == len(upsample_factors) - 1
                else mid_channels
            )
            layers += [
                nn.ConvTranspose2d(
                    in_ch,
                    out_ch,
                    2 * f,
                    stride=f,
                    padding=f // 2,
                    bias=self.norm_cfg is None,
                ),
                build_norm_layer(self.norm_cfg, out_ch)[1]
                if self.norm_cfg
                else nn.Identity(),
                nn.ReLU(inplace=True),
                nn.Dropout2d(stage_dropout),
            ]
            in_ch = out_ch
        self.upsample = nn.Sequential(*layers)

    def forward(self, inputs: Sequence[torch.Tensor]) -> torch.Tensor:
        x = self._transform_inputs(inputs)
        return self.cls_seg(self.upsample(x))
