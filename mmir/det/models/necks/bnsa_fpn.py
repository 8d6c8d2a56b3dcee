"""FPN with BNSA blocks on chosen backbone levels (Wang & Ren, Symmetry 2025,
Fig. 6: BNSA between ResNet and FPN), keeping mmdet's FPN parameter names so
that a stock Mask R-CNN checkpoint loads into it as it is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mmdet.models.necks import FPN
from mmdet.registry import MODELS

from .bnsa import BNSA

if TYPE_CHECKING:
    from torch import Tensor


@MODELS.register_module()
class BNSAFPN(FPN):
    """``FPN(BNSA(inputs))``: mmdet's FPN whose inputs first pass through
    :class:`BNSA` blocks at ``bnsa_levels`` (indices of ``in_channels``;
    (1, 2) = C3 and C4, the paper's final placement; () = stock FPN).

    The FPN's parameters keep mmdet's names (``neck.lateral_convs.*``,
    ``neck.fpn_convs.*``) and the blocks live under ``neck.bnsa.*``, so
    ``load_from=<stock mmdet Mask R-CNN checkpoint>`` fills every stock weight
    and only the BNSA blocks start fresh. Checkpoints of the older list form
    ``neck=[BNSA, FPN]`` (keys ``neck.0.*``, ``neck.1.*``) are renamed on load.

    Args:
        bnsa_levels (Sequence[int]): levels that get a BNSA block.
        bnsa_cfg (dict, optional): other :class:`BNSA` arguments
            (``reduction``, ``pool_size``, ``upsample_mode``, ``norm_cfg``).
        Other arguments: those of mmdet's ``FPN``.
    Input: a tuple of (B, C_l, H_l, W_l); output: FPN's tuple of
    (B, out_channels, H_l, W_l).
    """

    def __init__(
        self,
        in_channels: Sequence[int],
        out_channels: int,
        num_outs: int,
        bnsa_levels: Sequence[int] = (1, 2),
        bnsa_cfg: dict | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(in_channels, out_channels, num_outs, **kwargs)
        self.bnsa = BNSA(in_channels, levels=bnsa_levels, **(bnsa_cfg or {}))
        self._register_load_state_dict_pre_hook(self._rename_list_neck_keys)

    def forward(self, inputs: Sequence[Tensor]) -> tuple[Tensor, ...]:
        return super().forward(self.bnsa(inputs))

    @staticmethod
    def _rename_list_neck_keys(state_dict, prefix, *args) -> None:
        """``neck.0.blocks.*`` -> ``neck.bnsa.blocks.*`` and ``neck.1.*`` ->
        ``neck.*`` when the checkpoint holds the list form [BNSA, FPN]."""
        old_bnsa, old_fpn = prefix + '0.', prefix + '1.'
        for key in [
            k for k in state_dict if k.startswith((old_bnsa, old_fpn))
        ]:
            if key.startswith(old_bnsa):
                new = prefix + 'bnsa.' + key[len(old_bnsa) :]
            else:
                new = prefix + key[len(old_fpn) :]
            state_dict.setdefault(new, state_dict.pop(key))
