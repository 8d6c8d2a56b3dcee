"""Three-channel backbones on the 1- or 4-channel dim-target inputs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch.nn as nn
from mmdet.registry import MODELS
from mmengine.model import BaseModule

if TYPE_CHECKING:
    from torch import Tensor


def _first_rgb_conv(module):
    for name, m in module.named_modules():
        if isinstance(m, nn.Conv2d) and m.in_channels == 3:
            return name, m
    raise ValueError(
        f'{type(module).__name__} has no Conv2d with 3 input channels to adapt'
    )


@MODELS.register_module()
class InputAdapter(BaseModule):
    """Run a backbone that is hard-wired to 3 input channels (mmdet's
    ``MobileNetV2``, ``EfficientNet``, ...) on ``in_channels`` channels and
    drop the stages after its last ``out_indices``::

        backbone=dict(type='InputAdapter', in_channels=4,
                      backbone=dict(type='MobileNetV2', out_indices=(2, )))

    The first ``Conv2d`` with 3 input channels is rebuilt (same class and
    arguments) with ``in_channels``; RGB weights loaded later through the
    inner backbone's ``init_cfg=dict(type='MultiBandPretrained',
    checkpoint=LOCAL_FILE)`` (``mmir.cls`` registers it) are adapted to it.
    With ``truncate``, a backbone whose stages are a ``layers`` list
    (module list or names) and that has ``out_indices`` keeps only the
    stages up to ``max(out_indices)`` (the rest would be computed and
    thrown away: the dim-target network uses one stride-8 map).
    """

    def __init__(
        self,
        backbone: dict,
        in_channels: int = 3,
        truncate: bool = True,
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        super().__init__(init_cfg)
        self.backbone = MODELS.build(backbone)
        if in_channels != 3:
            name, conv = _first_rgb_conv(self.backbone)
            new = type(conv)(
                in_channels,
                conv.out_channels,
                conv.kernel_size,
                stride=conv.stride,
                padding=conv.padding,
                dilation=conv.dilation,
                groups=conv.groups,
                bias=conv.bias is not None,
            )
            parent = (
                self.backbone.get_submodule(name.rpartition('.')[0])
                if '.' in name
                else self.backbone
            )
            setattr(parent, name.rpartition('.')[2], new)
        if truncate:
            self._truncate()

    def _truncate(self) -> None:
        bb = self.backbone
        layers = getattr(bb, 'layers', None)
        out_indices = getattr(bb, 'out_indices', None)
        if layers is None or not out_indices:
            return
        n = max(out_indices) + 1
        if isinstance(layers, nn.ModuleList):
            bb.layers = layers[:n]
        elif isinstance(layers, list) and all(
            isinstance(x, str) for x in layers
        ):
            for name in layers[n:]:
                delattr(bb, name)
            bb.layers = layers[:n]

    def forward(self, x: Tensor) -> tuple[Tensor, ...]:
        return self.backbone(x)
