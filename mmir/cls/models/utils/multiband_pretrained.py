"""Load RGB-pretrained weights into a network with an N-band stem (Tang et
al. fine-tune ImageNet weights on 12 bands)."""

from collections.abc import Sequence

import torch
from mmengine.logging import print_log
from mmengine.model.weight_init import PretrainedInit, update_init_info
from mmengine.registry import WEIGHT_INITIALIZERS

__all__ = ['adapt_input_channels', 'MultiBandPretrainedInit']


def adapt_input_channels(
    weight: torch.Tensor,
    in_channels: int,
    mode: str = 'mean',
    rgb_indices: Sequence[int] | None = None,
) -> torch.Tensor:
    """Turn a conv kernel ``(O, 3, k, k)`` into ``(O, in_channels, k, k)``.

    ``mode='mean'``: every band gets ``mean_rgb(W) * 3 / in_channels`` (an
    input whose bands are all ``v`` gives the response the RGB filter gives
    to a grey ``v``); ``'repeat'``: the RGB filters tiled over the bands,
    times ``3 / in_channels`` (timm's ``adapt_input_conv``). With
    ``rgb_indices`` (the bands holding red, green, blue), those bands keep
    the original filters and the others get the ``'mean'`` filter
    (all times ``3 / in_channels``).
    """
    if weight.dim() != 4 or weight.shape[1] != 3:
        raise ValueError(
            f'expected an RGB conv kernel (O, 3, k, k), got '
            f'{tuple(weight.shape)}'
        )
    out = weight.mean(1, keepdim=True).repeat(1, in_channels, 1, 1)
    if mode == 'repeat':
        reps = -(-in_channels // 3)
        out = weight.repeat(1, reps, 1, 1)[:, :in_channels]
    elif mode != 'mean':
        raise ValueError(f"mode must be 'mean' or 'repeat', got {mode!r}")
    if rgb_indices is not None:
        if len(rgb_indices) != 3:
            raise ValueError(
                f'rgb_indices needs 3 band indices, got {rgb_indices}'
            )
        for src, dst in enumerate(rgb_indices):
            out[:, dst] = weight[:, src]
    return out * (3.0 / in_channels)


@WEIGHT_INITIALIZERS.register_module(name='MultiBandPretrained')
class MultiBandPretrainedInit(PretrainedInit):
    """MMEngine's ``Pretrained`` init that adapts RGB input convolutions::

        init_cfg=dict(type='MultiBandPretrained', checkpoint='effnetv2.pth',
                      prefix='backbone.', mode='mean')

    Every checkpoint tensor of shape ``(O, 3, k, k)`` whose model
    counterpart is ``(O, N, k, k)`` (N != 3) is adapted with
    :func:`adapt_input_channels` instead of being skipped as a size
    mismatch; the rest loads as with ``Pretrained`` (non-strict, a local
    path: no download). MMEngine runs ``Pretrained`` after the children's
    own ``init_weights`` but any other initializer before them (they would
    then overwrite the loaded weights, e.g. a ``ConvModule`` stem); this one
    therefore initializes the children first itself.
    """

    def __init__(
        self,
        checkpoint: str,
        prefix: str | None = None,
        map_location: str = 'cpu',
        mode: str = 'mean',
        rgb_indices: Sequence[int] | None = None,
    ) -> None:
        super().__init__(checkpoint, prefix, map_location)
        self.mode, self.rgb_indices = mode, rgb_indices

    def __call__(self, module):
        for child in module.children():
            if hasattr(child, 'init_weights') and not getattr(
                child, 'is_init', False
            ):
                child.init_weights()
                child.is_init = True
        from mmengine.runner import CheckpointLoader
        from mmengine.runner.checkpoint import load_state_dict

        ckpt = CheckpointLoader.load_checkpoint(
            self.checkpoint, map_location=self.map_location
        )
        state = ckpt.get('state_dict', ckpt)
        if self.prefix is not None:
            prefix = (
                self.prefix if self.prefix.endswith('.') else self.prefix + '.'
            )
            state = {
                k[len(prefix) :]: v
                for k, v in state.items()
                if k.startswith(prefix)
            }
            if not state:
                raise ValueError(
                    f'{self.checkpoint}: no weights under prefix {prefix!r}'
                )
        own = module.state_dict()
        adapted = []
        for key, value in list(state.items()):
            target = own.get(key)
            if (
                torch.is_tensor(value)
                and target is not None
                and value.dim() == 4
                and target.dim() == 4
                and value.shape[1] == 3
                and target.shape[1] != 3
                and value.shape[0] == target.shape[0]
                and value.shape[2:] == target.shape[2:]
            ):
                state[key] = adapt_input_channels(
                    value, target.shape[1], self.mode, self.rgb_indices
                )
                adapted.append(key)
        print_log(
            f'load {self.prefix or "model"} from {self.checkpoint}; '
            f'adapted to {len(adapted)} bands: {adapted}'
            if adapted
            else f'load from {self.checkpoint}',
            logger='current',
        )
        load_state_dict(module, state, strict=False, logger='current')
        if hasattr(module, '_params_init_info'):
            update_init_info(module, init_info=self._get_init_info())
