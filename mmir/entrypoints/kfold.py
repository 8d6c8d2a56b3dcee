"""Stratified k-fold cross-validation of a classification config.

    python tools/kfold.py CONFIG --work-dir DIR [--folds 5] [--fold I ...]
        [--seed 0] [--positive-class 1] [--data-root DIR]
        [--cfg-options k=v ...] [--executor inline|slurm|local ...]

The config's training dataset must list every labelled sample (e.g.
``--cfg-options train_dataloader.dataset.ann_file=meta/all.txt``), or the
config names that list as ``kfold_ann_file``. Splits
keep the class ratio, are deterministic for ``--seed`` and are saved in the
work dir (``splits.json``, ``fold_<i>_{train,test}.txt``). Each fold runs in
``<work-dir>/fold_<i>``; finished folds are skipped. The summary
(``kfold_summary.{md,csv,json}``) has per-fold and pooled precision, recall
and F1 of the positive class and the confusion matrix summed over folds
(also drawn as ``confusion_matrix.png``; training curves in ``plots/``)
and, for each of the config's ``extra_test_sets`` (tested on every fold's
checkpoint; a set built on ``'test_dataloader.dataset'`` is the fold's test
part), how many images the folds predicted positive. With ``--executor
slurm`` every fold is its own Slurm job (``--partition``, ``--gpus-per-job``,
``--time``, ``--sbatch``; failed or pre-empted folds are resubmitted and
resume).
"""

import argparse
import sys
from collections.abc import Sequence

from mmengine.config import DictAction

from mmir.experiments.executor import add_executor_args, executor_options
from mmir.experiments.kfold import run_kfold
from mmir.experiments.plots import plot_dir
from mmir.utils.launch import cli_main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('--work-dir', required=True)
    parser.add_argument('--folds', type=int, default=5, help='k')
    parser.add_argument(
        '--fold', type=int, nargs='+', help='run only these folds (0-based)'
    )
    parser.add_argument(
        '--seed', type=int, default=0, help='seed of the split'
    )
    parser.add_argument('--positive-class', type=int, default=1)
    parser.add_argument('--data-root')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    add_executor_args(parser)
    return parser.parse_args(argv)


@cli_main
def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    summary = run_kfold(
        args.config,
        args.work_dir,
        k=args.folds,
        seed=args.seed,
        folds=args.fold,
        cfg_options=args.cfg_options,
        data_root=args.data_root,
        positive=args.positive_class,
        executor=executor_options(args, args.work_dir),
    )
    plot_dir(args.work_dir, overlays=0)
    with open(f'{args.work_dir}/kfold_summary.md') as f:
        print('\n' + f.read())
    failed = [
        r
        for r in summary['folds']
        if r['status'] != 'ok'
        and (args.fold is None or r['fold'] in args.fold)
    ]
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
