"""The vision tower of an OpenCLIP model (Cherti et al., CVPR 2023), the
"OpenCLIP" backbone of Kim & Kwon, Appl. Sci. 2025 (Table 1)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from mmengine.model import BaseModule
from mmpretrain.registry import MODELS

if TYPE_CHECKING:
    import torch


@MODELS.register_module()
class OpenCLIPVisionTower(BaseModule):
    """OpenCLIP's ``VisionTransformer`` built by the ``open_clip_torch``
    package from its model config, without weights and without the text
    tower.

    Output: a one-item tuple with the patch tokens after the final LayerNorm
    (OpenCLIP drops the class token), as a feature map
    ``(B, width, H/p, W/p)`` (``out_type='featmap'``) or tokens
    ``(B, N, width)`` (``'raw'``); ``'cls_token'`` gives the projected
    pooled embedding ``(B, embed_dim)``.

    Weights: an OpenCLIP checkpoint of the whole model (keys
    ``visual.*``, e.g. ``open_clip_pytorch_model.bin``) loads with
    ``init_cfg=dict(type='Pretrained', checkpoint=PATH)``: the tower is the
    ``visual`` attribute, text keys are ignored.

    Args:
        arch (str): an OpenCLIP model name (``'ViT-B-16'``).
        img_size (int | tuple): input size; position embeddings are built
            for it. Defaults to 224.
    """

    def __init__(
        self,
        arch: str = 'ViT-B-16',
        img_size: int = 224,
        out_type: str = 'featmap',
        vision_cfg: dict | None = None,
        init_cfg: dict | list[dict] | None = None,
    ):
        super().__init__(init_cfg=init_cfg)
        try:
            import open_clip
        except ImportError as err:
            raise ImportError(
                'OpenCLIPVisionTower needs the open_clip_torch package '
                '(pip install open_clip_torch)'
            ) from err
        cfg = open_clip.get_model_config(arch)
        if cfg is None:
            raise KeyError(
                f'OpenCLIP has no model config {arch!r}; see '
                'open_clip.list_models()'
            )
        vcfg = dict(
            cfg['vision_cfg'], image_size=img_size, **(vision_cfg or {})
        )
        if out_type not in ('featmap', 'raw', 'cls_token'):
            raise ValueError(
                f'out_type {out_type!r} not in featmap, raw, cls_token'
            )
        self.out_type = out_type
        # open_clip's public builder makes the whole CLIP model; its text
        # tower, discarded here, is built one layer deep to stay cheap.
        text_cfg = dict(cfg['text_cfg'], width=64, heads=1, layers=1)
        # its "no pretrained weights loaded" warning is expected: weights
        # come from init_cfg
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)
        try:
            clip = open_clip.create_model(
                arch,
                pretrained=None,
                load_weights=False,
                vision_cfg=vcfg,
                text_cfg=text_cfg,
            )
        finally:
            root.setLevel(level)
        self.visual = clip.visual
        self.visual.output_tokens = True
        self.patch_size = self.visual.conv1.kernel_size

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor]:
        pooled, tokens = self.visual(x)
        if self.out_type == 'cls_token':
            return (pooled,)
        if self.out_type == 'raw':
            return (tokens,)
        h, w = (
            x.shape[-2] // self.patch_size[0],
            x.shape[-1] // self.patch_size[1],
        )
        return (tokens.transpose(1, 2).reshape(len(x), -1, h, w),)
