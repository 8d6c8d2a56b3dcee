"""Train and test every config of an ablation grid; write one results table.

    python tools/run_grid.py configs/<method>/<grid>/ [more folders/globs]
        --work-dir work_dirs/<grid> [--seeds 0 1 2] [--data-root DIR]
        [--cfg-options k=v ...] [--gpus N | --launcher pytorch --nproc N]

Each config (and seed) runs in ``<work-dir>/<config>[/seed_<s>]``; a run
whose result.json says ok is skipped, an interrupted one resumes, a failing
one is recorded and the others go on. The table is
``<work-dir>/results.md`` and ``results.csv``, rewritten after every run;
training curves, confusion matrices and a few prediction overlays go to
``<work-dir>/plots/``.
"""

import argparse
import os
import sys
from collections.abc import Sequence

from mmir.experiments.executor import add_executor_args, executor_options
from mmir.experiments.grid import collect_configs, run_grid
from mmir.experiments.plots import plot_dir
from mmir.utils.config_check import ConfigCheckError
from mmir.utils.launch import UsageError


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        'grid', nargs='+', help='folder(s) or glob(s) of configs'
    )
    parser.add_argument('--work-dir', required=True)
    parser.add_argument(
        '--seeds',
        nargs='+',
        type=int,
        help='repeat every config with these seeds',
    )
    parser.add_argument('--data-root', help='passed to every run')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        default=[],
        metavar='KEY=VALUE',
        help='applied to every run',
    )
    parser.add_argument(
        '--gpus',
        type=int,
        default=0,
        help='run this many configs at once, one per GPU',
    )
    parser.add_argument(
        '--launcher',
        default='none',
        choices=['none', 'pytorch', 'slurm'],
        help='multi-process training of each run',
    )
    parser.add_argument(
        '--nproc',
        type=int,
        default=1,
        help='processes per run with --launcher',
    )
    parser.add_argument(
        '--srun-args',
        nargs='+',
        default=[],
        help='extra srun arguments with --launcher slurm',
    )
    parser.add_argument(
        '--kfold',
        type=int,
        default=0,
        metavar='K',
        help='run each config as a stratified K-fold '
        'cross-validation (tools/kfold.py); its row gives '
        'mean ± std over the folds, counts summed',
    )
    parser.add_argument(
        '--overlays',
        type=int,
        default=4,
        help='test images drawn per detection/segmentation '
        'row in <work-dir>/plots (0: none)',
    )
    add_executor_args(parser)
    parser.add_argument(
        '--no-plots',
        action='store_true',
        help='skip curves, confusion matrices and overlays',
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        configs = collect_configs(args.grid)
    except (FileNotFoundError, ValueError) as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    for option in args.cfg_options:
        if '=' not in option:
            print(
                f'error: --cfg-options expects key=value, got {option!r}',
                file=sys.stderr,
            )
            return 2
    print(
        f'grid: {len(configs)} configs x '
        f'{len(args.seeds) if args.seeds else 1} seed(s) -> '
        f'{args.work_dir}/results.md'
    )
    try:
        rows, _ = run_grid(
            configs,
            args.work_dir,
            seeds=args.seeds,
            cfg_options=args.cfg_options,
            data_root=args.data_root,
            gpus=args.gpus,
            launcher=args.launcher,
            nproc=args.nproc,
            srun_args=args.srun_args,
            kfold=args.kfold,
            executor=executor_options(args, args.work_dir),
        )
    except (ConfigCheckError, UsageError, ValueError) as err:
        if os.environ.get('MMIR_DEBUG') == '1':
            raise
        print(f'error: {err}', file=sys.stderr)
        return 2
    if not args.no_plots:
        plots = plot_dir(args.work_dir, overlays=args.overlays)
        print(f'{len(plots)} plots in {args.work_dir}/plots')
    with open(f'{args.work_dir}/results.md') as f:
        print('\n' + f.read())
    return 0 if all(r['ok'] == r['runs'] for r in rows) else 1


if __name__ == '__main__':
    sys.exit(main())
