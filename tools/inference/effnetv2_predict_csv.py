"""Predictions CSV (the Zindi submission format) for a CSV of multi-band
arrays, from one model or the ensemble of fold models.

    python tools/inference/effnetv2_predict_csv.py CONFIG CHECKPOINT
        [CHECKPOINT ...] --csv Test.csv --out submission.csv
        [--data-root DIR] [--id-column ID] [--target-column Target]
        [--with-scores] [--data-prefix arrays] [--batch-size N]

The CSV needs only an id column (``--id-column``, Zindi's ``ID``); each
row's array is found as the config's dataset finds it (``--data-root``:
``<root>/<data_prefix>/<id>.npy`` or an HDF5 container, band names from
``<root>/bands.json``). Several checkpoints (e.g.
``work_dirs/<run>/fold_*/best_*.pth``) are averaged, as the k-fold
ensemble is: the class is the argmax of the mean ``pred_score``.
Writes ``<ID>,<Target>`` rows in the CSV's order (``--with-scores`` adds
``score_<class>`` columns), atomically.
"""

import argparse
import os.path as osp
import sys

from mmengine.config import DictAction

from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoints', nargs='+')
    parser.add_argument('--csv', required=True, help='ids of the samples')
    parser.add_argument('--out', required=True)
    parser.add_argument('--data-root')
    parser.add_argument('--data-prefix', help='folder or .h5 of the arrays')
    parser.add_argument('--id-column', default='ID')
    parser.add_argument('--target-column', default='Target')
    parser.add_argument('--with-scores', action='store_true')
    parser.add_argument('--batch-size', type=int)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--quiet', action='store_true')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


@cli_main
def main(argv=None):
    args = parse_args(argv)
    from mmir.cls.inference import predict_csv, submission_csv
    from mmir.datasets.multiband_arrays import MultiBandError
    from mmir.utils.fileio import write_text_atomic

    for path in args.checkpoints:
        if not osp.isfile(path):
            raise UsageError(f'{path}: no such checkpoint')
    try:
        ids, scores = predict_csv(
            args.config,
            args.checkpoints,
            args.csv,
            data_root=args.data_root,
            id_column=args.id_column,
            data_prefix=args.data_prefix,
            batch_size=args.batch_size,
            device=args.device,
            progress=not args.quiet,
            cfg_options=args.cfg_options,
        )
    except MultiBandError as err:
        raise UsageError(str(err)) from None
    from mmir.utils.config_check import load_config

    classes = load_config(args.config).get('metainfo', {}).get('classes')
    if not classes:
        from mmir.cls.datasets.multiband import MultiBandDataset

        classes = MultiBandDataset.METAINFO['classes']
    columns = (
        [f'score_{c}' for c in classes][: scores.shape[1]]
        if args.with_scores
        else []
    )
    write_text_atomic(
        args.out,
        submission_csv(
            ids, scores, args.id_column, args.target_column, columns
        ),
    )
    counts = {
        int(k): int((scores.argmax(1) == k).sum())
        for k in range(scores.shape[1])
    }
    print(
        f'{len(ids)} samples, {len(args.checkpoints)} model(s); predicted '
        f'classes {counts}; wrote {args.out}'
    )
    return 0


if __name__ == '__main__':
    sys.exit(main())
