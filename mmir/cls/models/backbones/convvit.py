"""InfMAE's ConvViT encoder (Liu et al., "InfMAE: A foundation model in the
infrared modality", ECCV 2024), the infrared backbone of Kim & Kwon, Appl.
Sci. 2025 (Table 1, "ConvViT-Base").

Two convolutional stages then a transformer stage (the ConvMAE design):
a 4x4/4 patch embedding and ``depths[0]`` conv blocks at 1/4, a 2x2/2 one
and ``depths[1]`` conv blocks at 1/8, a 2x2/2 one (16x16 effective patch)
and ``depths[2]`` transformer blocks at 1/16 with fixed 2-D sin-cos position
embeddings. InfMAE adds the first two stages, brought to 1/16 by strided
convolutions, to the transformer output before the final norm.

Parameter names follow the released InfMAE/ConvMAE encoders
(``patch_embed1..4``, ``blocks1..3``, ``stage{1,2}_output_decode``,
``pos_embed``, ``norm``), so a pre-training checkpoint loads with
``init_cfg=dict(type='Pretrained', checkpoint=PATH)``: its ``model`` (or
``state_dict``) entry is used, ``module.``/``backbone.`` prefixes are
stripped, decoder and mask-token keys are ignored, and the keys that did
not match are logged. What the paper does not say and is assumed here:
masking is off at fine-tuning, and ``pos_embed`` (a 14x14 grid for 224x224
pre-training) is interpolated to the input's grid (16x21 for 256x336).
"""

from functools import partial

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.logging import MMLogger
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS
from timm.layers import ConvMlp, DropPath
from timm.models.vision_transformer import Block


def sincos_pos_embed(dim: int, grid_h: int, grid_w: int) -> torch.Tensor:
    """MAE's fixed 2-D sin-cos embedding, ``(grid_h * grid_w, dim)``: half
    the channels encode the row, half the column."""

    def one_dim(d, pos):
        omega = 1.0 / 10000 ** (np.arange(d // 2, dtype=np.float64) / (d / 2))
        out = np.einsum('m,d->md', pos.reshape(-1), omega)
        return np.concatenate([np.sin(out), np.cos(out)], axis=1)

    gw, gh = np.meshgrid(
        np.arange(grid_w, dtype=np.float64),
        np.arange(grid_h, dtype=np.float64),
    )
    emb = np.concatenate([one_dim(dim // 2, gw), one_dim(dim // 2, gh)], 1)
    return torch.from_numpy(emb).float()


class PatchEmbed(nn.Module):
    """ConvMAE's patch embedding: strided conv, LayerNorm over channels,
    GELU (timm's and mmpretrain's have no activation)."""

    def __init__(self, in_chans: int, embed_dim: int, patch_size: int) -> None:
        super().__init__()
        self.proj = nn.Conv2d(in_chans, embed_dim, patch_size, patch_size)
        self.norm = nn.LayerNorm(embed_dim)
        self.act = nn.GELU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.proj(x)
        x = self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        return self.act(x)


class CBlock(nn.Module):
    """ConvMAE's conv block: LN, 1x1 conv, 5x5 depth-wise conv, 1x1 conv
    (residual), then LN and a 1x1-conv MLP (timm's ``ConvMlp``, residual).
    Written here because no library has it; the transformer stage uses
    timm's ViT ``Block``, whose parameter names are the released ones."""

    def __init__(
        self, dim: int, mlp_ratio: float = 4.0, drop_path: float = 0.0
    ) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.conv1 = nn.Conv2d(dim, dim, 1)
        self.attn = nn.Conv2d(dim, dim, 5, padding=2, groups=dim)
        self.conv2 = nn.Conv2d(dim, dim, 1)
        self.drop_path = (
            DropPath(drop_path) if drop_path > 0 else nn.Identity()
        )
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = ConvMlp(dim, int(dim * mlp_ratio), act_layer=nn.GELU)

    @staticmethod
    def _ln(norm, x):
        return norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.drop_path(
            self.conv2(self.attn(self.conv1(self._ln(self.norm1, x))))
        )
        return x + self.drop_path(self.mlp(self._ln(self.norm2, x)))


@MODELS.register_module()
class ConvViT(BaseModule):
    """InfMAE ConvViT encoder.

    Input ``(B, in_channels, H, W)`` with H and W multiples of 16. Output: a
    one-item tuple with the feature map ``(B, embed_dims[2], H/16, W/16)``
    (``out_type='featmap'``) or the tokens ``(B, H*W/256, embed_dims[2])``
    (``out_type='raw'``); there is no class token.

    Args:
        arch (str | dict): ``'base'`` (InfMAE: embed dims 256/384/768,
            depths 2/2/11, 12 heads) or ``'small'``/``'tiny'`` (smaller
            widths and depths, for tests), or a dict with ``embed_dims``,
            ``depths``, ``num_heads``.
        pretrain_img_size (int): grid of the pre-training ``pos_embed``
            (224 -> 14x14).
        multi_scale_fusion (bool): add the projected stage-1/2 features to
            the transformer output (InfMAE). Defaults to True.
    """

    arch_zoo = {
        'base': dict(
            embed_dims=[256, 384, 768], depths=[2, 2, 11], num_heads=12
        ),
        'small': dict(
            embed_dims=[128, 256, 384], depths=[2, 2, 11], num_heads=6
        ),
        'tiny': dict(embed_dims=[32, 48, 64], depths=[1, 1, 2], num_heads=2),
    }

    def __init__(
        self,
        arch: str = 'base',
        in_channels: int = 3,
        mlp_ratio: float = 4.0,
        drop_path_rate: float = 0.0,
        pretrain_img_size: int = 224,
        multi_scale_fusion: bool = True,
        out_type: str = 'featmap',
        init_cfg: dict | list[dict] | None = None,
    ):
        super().__init__(init_cfg=init_cfg)
        if isinstance(arch, str):
            if arch not in self.arch_zoo:
                raise KeyError(
                    f'ConvViT arch {arch!r} not in {sorted(self.arch_zoo)}'
                )
            arch = self.arch_zoo[arch]
        dims, depths = arch['embed_dims'], arch['depths']
        if out_type not in ('featmap', 'raw'):
            raise ValueError(
                f"out_type must be 'featmap' or 'raw', got {out_type!r}"
            )
        self.out_type = out_type
        self.embed_dims = dims[2]
        self.multi_scale_fusion = multi_scale_fusion
        dpr = np.linspace(0, drop_path_rate, sum(depths)).tolist()
        self.patch_embed1 = PatchEmbed(in_channels, dims[0], 4)
        self.patch_embed2 = PatchEmbed(dims[0], dims[1], 2)
        self.patch_embed3 = PatchEmbed(dims[1], dims[2], 2)
        self.patch_embed4 = nn.Linear(dims[2], dims[2])
        self.blocks1 = nn.ModuleList(
            CBlock(dims[0], mlp_ratio, dpr[i]) for i in range(depths[0])
        )
        self.blocks2 = nn.ModuleList(
            CBlock(dims[1], mlp_ratio, dpr[depths[0] + i])
            for i in range(depths[1])
        )
        self.blocks3 = nn.ModuleList(
            Block(
                dims[2],
                arch['num_heads'],
                mlp_ratio,
                qkv_bias=True,
                drop_path=dpr[depths[0] + depths[1] + i],
                norm_layer=partial(nn.LayerNorm, eps=1e-6),
            )
            for i in range(depths[2])
        )
        self.stage1_output_decode = nn.Conv2d(dims[0], dims[2], 4, 4)
        self.stage2_output_decode = nn.Conv2d(dims[1], dims[2], 2, 2)
        self.norm = nn.LayerNorm(dims[2], eps=1e-6)
        grid = pretrain_img_size // 16
        self.pretrain_grid = (grid, grid)
        self.pos_embed = nn.Parameter(
            sincos_pos_embed(dims[2], grid, grid)[None], requires_grad=False
        )

    def init_weights(self) -> None:
        cfg = self.init_cfg if isinstance(self.init_cfg, dict) else {}
        if cfg.get('type') != 'Pretrained':
            return super().init_weights()
        from mmengine.runner import CheckpointLoader

        ckpt = CheckpointLoader.load_checkpoint(
            cfg['checkpoint'], map_location='cpu'
        )
        state = ckpt.get('model', ckpt.get('state_dict', ckpt))
        own = self.state_dict()
        loaded, skipped = {}, []
        for key, value in state.items():
            for prefix in ('module.', 'backbone.', 'encoder.'):
                if key.startswith(prefix):
                    key = key[len(prefix) :]
            if key in own and own[key].shape == value.shape:
                loaded[key] = value
            else:
                skipped.append(key)
        missing = [k for k in own if k not in loaded]
        self.load_state_dict(loaded, strict=False)
        logger = MMLogger.get_current_instance()
        logger.info(
            f'ConvViT: loaded {len(loaded)} tensors from '
            f'{cfg["checkpoint"]}; not in the encoder (decoder etc.): '
            f'{len(skipped)}; left at init: {missing}'
        )
        if not loaded:
            raise RuntimeError(
                f'{cfg["checkpoint"]} holds no ConvViT '
                'weights (no key matched the encoder)'
            )
        self._is_init = True

    def _pos_embed(self, h, w):
        if (h, w) == self.pretrain_grid:
            return self.pos_embed
        gh, gw = self.pretrain_grid
        grid = self.pos_embed.reshape(1, gh, gw, -1).permute(0, 3, 1, 2)
        grid = F.interpolate(
            grid, size=(h, w), mode='bicubic', align_corners=False
        )
        return grid.flatten(2).transpose(1, 2)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor]:
        if x.shape[-1] % 16 or x.shape[-2] % 16:
            raise ValueError(
                'ConvViT needs H and W divisible by 16, got '
                f'{tuple(x.shape[-2:])}'
            )
        x = self.patch_embed1(x)
        for blk in self.blocks1:
            x = blk(x)
        stage1 = self.stage1_output_decode(x)
        x = self.patch_embed2(x)
        for blk in self.blocks2:
            x = blk(x)
        stage2 = self.stage2_output_decode(x)
        x = self.patch_embed3(x)
        b, c, h, w = x.shape
        x = self.patch_embed4(x.flatten(2).transpose(1, 2))
        x = x + self._pos_embed(h, w)
        for blk in self.blocks3:
            x = blk(x)
        if self.multi_scale_fusion:
            x = (
                x
                + stage1.flatten(2).transpose(1, 2)
                + stage2.flatten(2).transpose(1, 2)
            )
        x = self.norm(x)
        if self.out_type == 'raw':
            return (x,)
        return (x.transpose(1, 2).reshape(b, c, h, w),)
