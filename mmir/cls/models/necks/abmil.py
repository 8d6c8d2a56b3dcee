"""Gated attention-based multiple-instance pooling (ABMIL).

Ilse et al., "Attention-based deep multiple instance learning", ICML 2018,
as used by Kim & Kwon, "Image-level anti-personnel landmine detection using
deep learning in long-wave infrared images", Appl. Sci. 2025, eqs. (1)-(2).
"""

from collections.abc import Sequence

import torch
import torch.nn as nn
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS


@MODELS.register_module()
class ABMILPooling(BaseModule):
    """Pool a bag of instance features into one feature by learned attention.

    .. math::
        a_i = \\mathrm{softmax}_i\\big(w^T(\\tanh(V h_i) \\odot
              \\mathrm{sigm}(U h_i))\\big), \\qquad z = \\sum_i a_i h_i

    (paper eq. 2 then eq. 1; without the gate, ``gated=False``:
    ``a_i = softmax_i(w^T tanh(V h_i))``). ``V`` and ``U`` are ``D -> L``
    linear layers with bias, ``w`` is ``L -> 1`` without bias (a bias would
    cancel in the softmax).

    Input, from the backbone (a tuple: its last item is used):

    - a feature map ``(B, C, H, W)``: each of the ``H*W`` positions is an
      instance;
    - tokens ``(B, N, C)``: the first ``num_prefix_tokens`` (class/register
      tokens) are dropped, the others are the instances.

    Output: a one-item tuple with ``z`` of shape ``(B, C)``, as mmpretrain's
    necks return.

    After each forward, :attr:`last_attention` holds the weights ``(B, N)``
    (detached) and :meth:`attention_maps` the same as ``(B, H, W)`` for
    feature-map inputs, so tools can show where the model looked.

    Args:
        in_channels (int): D, channels of each instance.
        hidden_channels (int): L. Defaults to 128 (Ilse et al.).
        gated (bool): use the sigmoid gate. Defaults to True.
        dropout (float): dropout on the hidden attention features.
        num_prefix_tokens (int): leading tokens of a token input that are not
            instances (1 for a ViT class token). Defaults to 0.
    """

    def __init__(
        self,
        in_channels: int,
        hidden_channels: int = 128,
        gated: bool = True,
        dropout: float = 0.0,
        num_prefix_tokens: int = 0,
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.in_channels = in_channels
        self.hidden_channels = hidden_channels
        self.gated = gated
        self.num_prefix_tokens = num_prefix_tokens
        self.attention_V = nn.Linear(in_channels, hidden_channels)
        self.attention_U = (
            nn.Linear(in_channels, hidden_channels) if gated else None
        )
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.attention_w = nn.Linear(hidden_channels, 1, bias=False)
        self.last_attention = None
        self.last_hw = None

    def instances(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, N, D)`` instances of a feature map or token input."""
        if isinstance(x, (tuple, list)):
            x = x[-1]
        if x.dim() == 4:
            b, c, h, w = x.shape
            self.last_hw = (h, w)
            return x.flatten(2).transpose(1, 2)
        if x.dim() == 3:
            self.last_hw = None
            return x[:, self.num_prefix_tokens :]
        raise ValueError(
            'ABMILPooling expects a (B, C, H, W) feature map or (B, N, C) '
            f'tokens, got a tensor of shape {tuple(x.shape)}'
        )

    def attention_logits(self, h: torch.Tensor) -> torch.Tensor:
        """``w^T (tanh(V h) * sigm(U h))`` of instances ``(B, N, D)``:
        ``(B, N)``."""
        hidden = torch.tanh(self.attention_V(h))
        if self.gated:
            hidden = hidden * torch.sigmoid(self.attention_U(h))
        return self.attention_w(self.dropout(hidden)).squeeze(-1)

    def forward(
        self, inputs: torch.Tensor | Sequence[torch.Tensor]
    ) -> tuple[torch.Tensor]:
        h = self.instances(inputs)
        if h.shape[-1] != self.in_channels:
            raise ValueError(
                f'ABMILPooling(in_channels={self.in_channels}) got instances '
                f'with {h.shape[-1]} channels'
            )
        if h.shape[1] == 0:
            raise ValueError('ABMILPooling got an empty bag (no instances)')
        attn = torch.softmax(self.attention_logits(h), dim=1)
        self.last_attention = attn.detach()
        z = torch.bmm(attn.unsqueeze(1), h).squeeze(1)
        return (z,)

    def attention_maps(self) -> torch.Tensor | None:
        """Attention of the last forward: ``(B, H, W)`` for a feature-map
        input, ``(B, N)`` for tokens; None before any forward."""
        if self.last_attention is None or self.last_hw is None:
            return self.last_attention
        return self.last_attention.reshape(-1, *self.last_hw)
