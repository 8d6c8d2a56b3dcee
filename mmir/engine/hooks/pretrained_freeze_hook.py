"""Backbone freezing only for a backbone that starts from weights.

``frozen_stages=1, norm_eval=True`` is the fine-tuning recipe of mmdet's
ResNet configs (and of the papers that start from COCO or ImageNet weights).
On a run without weights it keeps a random stem, a random stage 1 and BN
statistics at their initial values for the whole run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS
from torch.nn import GroupNorm, LayerNorm
from torch.nn.modules.batchnorm import _BatchNorm
from torch.nn.modules.instancenorm import _InstanceNorm

if TYPE_CHECKING:
    import torch.nn as nn
    from mmengine.runner import Runner

META_KEY = 'mmir_backbone_start'
PRETRAINED_INITS = ('Pretrained', 'MultiBandPretrained')
NORMS = (_BatchNorm, _InstanceNorm, GroupNorm, LayerNorm)


def backbone_freezes(backbone: nn.Module) -> bool:
    """Whether ``backbone`` freezes stages or BN statistics."""
    return getattr(backbone, 'frozen_stages', -1) >= 0 or bool(
        getattr(backbone, 'norm_eval', False)
    )


def backbone_has_pretrained_init(backbone: nn.Module) -> bool:
    """Whether the backbone's own ``init_cfg`` loads a checkpoint."""
    cfgs = backbone.init_cfg or []
    cfgs = cfgs if isinstance(cfgs, (list, tuple)) else [cfgs]
    return any(c.get('type') in PRETRAINED_INITS for c in cfgs)


def unfreeze_backbone(backbone: nn.Module) -> None:
    """Undo ResNet-style ``_freeze_stages`` (stem + ``layer1..frozen_stages``)
    and ``norm_eval``; norm parameters get ``norm_cfg['requires_grad']``."""
    stages = getattr(backbone, 'frozen_stages', -1)
    if stages >= 0:
        stem = (
            ['stem']
            if getattr(backbone, 'deep_stem', False)
            else ['conv1', 'norm1']
        )
        names = stem + [f'layer{i}' for i in range(1, stages + 1)]
        missing = [n for n in names if not hasattr(backbone, n)]
        if missing:
            raise RuntimeError(
                f'PretrainedFreezeHook: cannot unfreeze '
                f'{type(backbone).__name__} (no {", ".join(missing)}); set '
                f'model.backbone.frozen_stages=-1 and norm_eval=False in the '
                f'config to train it from scratch'
            )
        norm_grad = (getattr(backbone, 'norm_cfg', None) or {}).get(
            'requires_grad', True
        )
        for name in names:
            for module in getattr(backbone, name).modules():
                grad = norm_grad if isinstance(module, NORMS) else True
                for param in module.parameters(recurse=False):
                    param.requires_grad_(grad)
        backbone.frozen_stages = -1
    if hasattr(backbone, 'norm_eval'):
        backbone.norm_eval = False


@HOOKS.register_module()
class PretrainedFreezeHook(Hook):
    """Keep the backbone's ``frozen_stages`` / ``norm_eval`` only when the
    run starts from weights (``load_from``, or a ``Pretrained`` backbone
    ``init_cfg``); a run from scratch trains every layer.

    Args:
        on_scratch (str): what a run from scratch with a freezing backbone
            gets: ``'unfreeze'`` (default; one warning saying so) or
            ``'error'`` (refuse to train).

    The decision is stored in each checkpoint's ``meta`` and taken from it
    on ``resume``, so a resumed run freezes exactly what its first part did.
    """

    priority = 'VERY_HIGH'

    def __init__(self, on_scratch: str = 'unfreeze'):
        if on_scratch not in ('unfreeze', 'error'):
            raise ValueError(
                f'PretrainedFreezeHook: on_scratch must be '
                f"'unfreeze' or 'error', got {on_scratch!r}"
            )
        self.on_scratch = on_scratch
        self.start = None  # 'weights' | 'scratch', from a resumed checkpoint

    def after_load_checkpoint(self, runner: Runner, checkpoint: dict) -> None:
        # MMEngine calls this for load_from too, which starts from weights.
        if getattr(runner, '_resume', False):
            self.start = checkpoint.get('meta', {}).get(META_KEY, self.start)

    def before_save_checkpoint(self, runner: Runner, checkpoint: dict) -> None:
        checkpoint.setdefault('meta', {})[META_KEY] = self.start

    def before_train(self, runner: Runner) -> None:
        model = (
            runner.model.module
            if is_model_wrapper(runner.model)
            else runner.model
        )
        backbone = getattr(model, 'backbone', None)
        if self.start is None:
            load_from = getattr(runner, '_load_from', None) or (
                runner.cfg.get('load_from') if runner.cfg else None
            )
            weights = bool(load_from) or (
                backbone is not None and backbone_has_pretrained_init(backbone)
            )
            self.start = 'weights' if weights else 'scratch'
        if (
            self.start == 'weights'
            or backbone is None
            or not backbone_freezes(backbone)
        ):
            return
        what = (
            f'model.backbone.frozen_stages='
            f'{getattr(backbone, "frozen_stages", -1)}, norm_eval='
            f'{getattr(backbone, "norm_eval", False)}'
        )
        if self.on_scratch == 'error':
            raise RuntimeError(
                f'{what} freezes a randomly initialized stem/stage and BN '
                f'statistics: this run has no load_from and no pretrained '
                f'backbone init_cfg. Give load_from=<checkpoint>, or set '
                f'model.backbone.frozen_stages=-1 model.backbone.norm_eval='
                f'False to train from scratch'
            )
        unfreeze_backbone(backbone)
        runner.logger.warning(
            f'PretrainedFreezeHook: no load_from and no pretrained backbone '
            f'init_cfg, so this run trains from scratch: {what} would keep a '
            f'random stem/stage and BN statistics at their init and are '
            f'turned off (every backbone layer trains). Give load_from to '
            f'keep them.'
        )
