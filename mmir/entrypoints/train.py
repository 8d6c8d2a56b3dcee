"""Train a model from an mmdet, mmseg or mmpretrain config.

    python tools/train.py CONFIG [--work-dir DIR] [--data-root DIR]
                          [--resume [CKPT]] [--amp] [--auto-scale-lr]
                          [--cfg-options k=v ...]

The config's ``default_scope`` picks the toolbox. Multi-process:
``bash tools/dist_train.sh CONFIG NUM_PROCS [args]``.
"""

from __future__ import annotations

import argparse
import os.path as osp
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mmir.datasets.guarded_dataset import guard_loaders
from mmir.utils import check_data_paths
from mmir.utils.launch import (
    UsageError,
    add_common_args,
    build_runner,
    cli_main,
    config_from_args,
    prepare_distributed,
    run_guarded,
)

if TYPE_CHECKING:
    from mmengine.config import Config


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='train config file path')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from this checkpoint, or without a value from the '
        'latest checkpoint in the work dir',
    )
    parser.add_argument(
        '--amp', action='store_true', help='automatic mixed precision'
    )
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the lr by the actual batch size',
    )
    add_common_args(parser)
    return parser.parse_args(argv)


def add_invalid_loss_hook(cfg: Config) -> None:
    """Stop on a NaN/inf or exploded loss with one line naming the epoch and
    iteration (:class:`~mmir.engine.hooks.InvalidLossHook`), unless the
    config already has the hook (e.g. with other settings)."""
    hooks = list(cfg.get('custom_hooks') or [])
    if not any(
        isinstance(h, dict) and h.get('type') == 'InvalidLossHook'
        for h in hooks
    ):
        hooks.append(dict(type='InvalidLossHook'))
    cfg.custom_hooks = hooks


@cli_main
def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    cfg = config_from_args(args)
    if args.amp:
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
    if args.auto_scale_lr:
        if (
            'auto_scale_lr' not in cfg
            or 'base_batch_size' not in cfg.auto_scale_lr
        ):
            raise UsageError(
                f'{args.config} has no auto_scale_lr.'
                'base_batch_size; --auto-scale-lr needs it'
            )
        cfg.auto_scale_lr.enable = True
    if args.resume == 'auto':
        cfg.resume, cfg.load_from = True, None
    elif args.resume is not None:
        if not osp.isfile(args.resume):
            raise UsageError(
                f'--resume: checkpoint {args.resume} does not exist'
            )
        cfg.resume, cfg.load_from = True, args.resume
    add_invalid_loss_hook(cfg)
    check_data_paths(
        cfg,
        ('train_dataloader', 'val_dataloader')
        if cfg.get('val_cfg')
        else ('train_dataloader',),
    )
    guard_loaders(
        cfg,
        ('train_dataloader', 'val_dataloader', 'test_dataloader'),
        cfg.work_dir,
    )
    prepare_distributed(cfg, args.launcher)
    runner = build_runner(cfg)
    run_guarded(runner.train, cfg)


if __name__ == '__main__':
    main()
