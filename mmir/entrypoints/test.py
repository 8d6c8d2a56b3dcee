"""Evaluate a checkpoint with an mmdet, mmseg or mmpretrain config.

    python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--data-root DIR]
                         [--out FILE.pkl | --out DIR] [--tta]
                         [--show-dir DIR] [--show] [--cfg-options k=v ...]

Prints the evaluator's metrics and writes them to
``<work-dir>/<timestamp>/<timestamp>.json``. ``--out FILE.pkl`` dumps the
raw predictions as a pickle; for mmseg configs ``--out DIR`` writes each
predicted mask as ``DIR/<image stem>.png`` instead. ``--tta`` tests with
the config's ``tta_model``/``tta_pipeline`` or a horizontal-flip TTA
(:mod:`mmir.utils.tta`). ``--show-dir`` writes prediction overlays.
"""

import argparse
import os.path as osp
from collections.abc import Sequence
from typing import Any

from mmir.datasets.guarded_dataset import guard_loaders
from mmir.utils import check_data_paths
from mmir.utils.launch import (
    UsageError,
    add_common_args,
    build_runner,
    cli_main,
    config_from_args,
    enable_test_visualization,
    prepare_distributed,
    run_guarded,
)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--out',
        help='dump predictions to this .pkl file (mmseg: or masks as PNGs '
        'into this folder)',
    )
    parser.add_argument(
        '--tta', action='store_true', help='test-time augmentation'
    )
    parser.add_argument('--show-dir', help='write prediction overlays here')
    parser.add_argument(
        '--show', action='store_true', help='show predictions in a window'
    )
    parser.add_argument(
        '--wait-time',
        type=float,
        default=2,
        help='seconds each shown image stays',
    )
    add_common_args(parser)
    return parser.parse_args(argv)


def _dump_metric(scope, out):
    if scope == 'mmdet':
        from mmdet.evaluation import DumpDetResults

        return DumpDetResults(out_file_path=out)
    from mmengine.evaluator import DumpResults

    return DumpResults(out_file_path=out)


@cli_main
def main(argv: Sequence[str] | None = None) -> Any:
    args = parse_args(argv)
    if not osp.isfile(args.checkpoint):
        raise UsageError(f'checkpoint {args.checkpoint} does not exist')
    cfg = config_from_args(args)
    scope = cfg.get('default_scope')
    pickle_out = bool(args.out) and args.out.endswith(('.pkl', '.pickle'))
    if args.out and not pickle_out and scope != 'mmseg':
        raise UsageError(
            f'--out must be a .pkl or .pickle file, got {args.out} (a '
            'folder of mask PNGs is for mmseg configs)'
        )
    if args.tta:
        from mmir.utils.tta import apply_tta

        try:
            apply_tta(cfg)
        except ValueError as err:
            raise UsageError(f'--tta: {err}') from None
    cfg.load_from = args.checkpoint
    cfg.resume = False
    if args.show or args.show_dir:
        enable_test_visualization(
            cfg, args.show_dir, args.show, args.wait_time
        )
    check_data_paths(cfg, ('test_dataloader',))
    guard_loaders(cfg, ('test_dataloader',), cfg.work_dir)
    prepare_distributed(cfg, args.launcher)
    runner = build_runner(cfg)
    if pickle_out:
        runner.test_evaluator.metrics.append(_dump_metric(scope, args.out))
    elif args.out:
        from mmir.seg.evaluation.metrics import DumpSegMasks

        runner.test_evaluator.metrics.append(DumpSegMasks(args.out))
    return run_guarded(runner.test, cfg)


def console() -> int:
    """The ``mmir-test`` command (``main`` returns the metrics)."""
    main()
    return 0


if __name__ == '__main__':
    main()
