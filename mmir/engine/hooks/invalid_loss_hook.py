"""Stop a training run whose loss is no longer finite or has exploded.

mmdet's ``CheckInvalidLossHook`` asserts ``isfinite(loss)`` for mmdet only;
this one is registered in MMEngine's root registry (so mmdet, mmseg and
mmpretrain configs reach it), also stops on a finite but exploded loss (a
run at lr 0.01 from scratch once reached 2.4e21 before any NaN), and names
the epoch, iteration and the offending loss terms.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Optional

from mmengine.hooks import Hook
from mmengine.registry import HOOKS

if TYPE_CHECKING:
    from mmengine.runner import Runner

__all__ = ['InvalidLossHook', 'DivergedLossError']


class DivergedLossError(RuntimeError):
    """The training loss became NaN, infinite or larger than ``max_loss``."""


def _value(v) -> Optional[float]:
    try:
        return (
            float(v.detach().float().mean())
            if hasattr(v, 'detach')
            else float(v)
        )
    except (TypeError, ValueError):
        return None


@HOOKS.register_module()
class InvalidLossHook(Hook):
    """Raise :class:`DivergedLossError` after a training iteration whose
    total ``loss`` is NaN, +-inf or has ``|loss| > max_loss``.

    Args:
        interval (int): check every ``interval`` iterations (1: every one).
        max_loss (float | None): a finite loss above this is a divergence;
            None checks finiteness only.
    """

    priority = 'VERY_HIGH'

    def __init__(self, interval: int = 1, max_loss: Optional[float] = 1e6):
        if interval < 1:
            raise ValueError(
                f'InvalidLossHook: interval must be >= 1, got {interval}'
            )
        self.interval = interval
        self.max_loss = max_loss

    def _bad(self, value: Optional[float]) -> bool:
        return value is not None and (
            not math.isfinite(value)
            or (self.max_loss is not None and abs(value) > self.max_loss)
        )

    def after_train_iter(
        self,
        runner: Runner,
        batch_idx: int,
        data_batch: dict | tuple | list | None = None,
        outputs: dict | None = None,
    ) -> None:
        if not outputs or 'loss' not in outputs:
            return
        if not self.every_n_train_iters(runner, self.interval):
            return
        total = _value(outputs['loss'])
        if not self._bad(total):
            return
        from mmengine.runner import IterBasedTrainLoop

        if isinstance(runner.train_loop, IterBasedTrainLoop):
            where = f'iter {runner.iter + 1}/{runner.max_iters}'
        else:
            where = (
                f'epoch {runner.epoch + 1} iter {batch_idx + 1}/'
                f'{len(runner.train_dataloader)}'
            )
        terms = [
            f'{k}={_value(v):.4g}'
            for k, v in outputs.items()
            if k != 'loss' and 'loss' in k and self._bad(_value(v))
        ]
        raise DivergedLossError(
            f'the training loss became {total:.4g} at {where}'
            + (f' ({", ".join(terms)})' if terms else '')
            + (
                ''
                if not math.isfinite(total)
                else f' (InvalidLossHook max_loss={self.max_loss:g})'
            )
        )
