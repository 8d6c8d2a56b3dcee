"""Train a model from an mmdet, mmseg or mmpretrain config.

    python tools/train.py CONFIG [--work-dir DIR] [--resume [CKPT]]
                          [--amp] [--auto-scale-lr] [--cfg-options k=v ...]

The config's ``default_scope`` picks the toolbox. Multi-process:
``bash tools/dist_train.sh CONFIG NUM_PROCS [args]``.
"""
import argparse
import os
import os.path as osp

from mmengine.config import DictAction

from mmir.utils import check_data_paths, load_config
from mmir.utils.launch import (UsageError, build_runner, cli_main,
                               prepare_distributed, run_guarded)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='where logs and checkpoints go; '
                        'default work_dirs/<config name>')
    parser.add_argument(
        '--resume', nargs='?', type=str, const='auto',
        help='resume from this checkpoint, or without a value from the '
        'latest checkpoint in the work dir')
    parser.add_argument('--amp', action='store_true',
                        help='automatic mixed precision')
    parser.add_argument('--auto-scale-lr', action='store_true',
                        help='scale the lr by the actual batch size')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings, key=value')
    parser.add_argument('--launcher', default='none',
                        choices=['none', 'pytorch', 'slurm', 'mpi'])
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


@cli_main
def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config, args.cfg_options)
    cfg.launcher = args.launcher
    cfg.work_dir = args.work_dir or cfg.get('work_dir') or osp.join(
        'work_dirs', osp.splitext(osp.basename(args.config))[0])
    if args.amp:
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg or \
                'base_batch_size' not in cfg.auto_scale_lr:
            raise UsageError(f'{args.config} has no auto_scale_lr.'
                             'base_batch_size; --auto-scale-lr needs it')
        cfg.auto_scale_lr.enable = True
    if args.resume == 'auto':
        cfg.resume, cfg.load_from = True, None
    elif args.resume is not None:
        if not osp.isfile(args.resume):
            raise UsageError(f'--resume: checkpoint {args.resume} does not '
                             'exist')
        cfg.resume, cfg.load_from = True, args.resume
    check_data_paths(cfg, ('train_dataloader', 'val_dataloader')
                     if cfg.get('val_cfg') else ('train_dataloader', ))
    prepare_distributed(cfg, args.launcher)
    runner = build_runner(cfg)
    run_guarded(runner.train, cfg)


if __name__ == '__main__':
    main()
