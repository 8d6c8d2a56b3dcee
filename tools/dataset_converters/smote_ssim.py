"""Oversample the minority class of a multi-band dataset with SMOTE-SSIM.

    python tools/dataset_converters/smote_ssim.py DATA_ROOT
        [--ann-file train.csv] [--out-dir smote] [--data-prefix arrays]
        [--n-syn N | --target-ratio R] [--k 5] [--alpha 2 --beta 2]
        [--clip 0.1 0.9] [--minority-label L] [--device cuda]
        [--block-mb 256] [--overwrite]

Tang et al., Algorithm 1: each minority image's k nearest minority images
by SSIM (mean over bands, all pairs computed batched on tensors, on the
GPU with --device cuda) are its neighbours; every synthetic image is
lam * I + (1 - lam) * I_n with lam ~ Beta(alpha, beta) clipped to
[a, b]. A killed run continues where it stopped when started again with
the same options (the finished bands of the all-pairs SSIM are kept in
``.<out-dir>.partial``). --n-syn images per minority image, or as many
as bring the
minority/majority ratio to --target-ratio (default 1.0).

Input, relative to DATA_ROOT: the annotation CSV (id,label[,path]) and the
arrays it names (``<data-prefix>/<id><suffix>`` or the row's path; .npy or
HDF5), as MultiBandDataset reads them. Output (written to a temporary
folder, moved into place when complete; nothing of the input is touched):
``DATA_ROOT/<out-dir>/arrays/<id>_smote<m>.npy`` (the stored layout and
dtype), ``train_smote.csv`` (every input row plus the synthetic ones, each
with its path relative to DATA_ROOT: point the training dataset's
ann_file at it), ``records.csv`` (id, anchor, neighbour, lambda) and the
manifest.
"""

import argparse
import os.path as osp
import sys

from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('data_root')
    parser.add_argument('--ann-file', default='train.csv')
    parser.add_argument('--out-dir', default='smote')
    parser.add_argument('--data-prefix', default='arrays')
    parser.add_argument('--suffix', default='.npy')
    parser.add_argument('--h5-key', default=None)
    parser.add_argument('--layout', choices=['chw', 'hwc'], default='chw')
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--n-syn', type=int)
    group.add_argument('--target-ratio', type=float)
    parser.add_argument('--k', type=int, default=5)
    parser.add_argument('--alpha', type=float, default=2.0)
    parser.add_argument('--beta', type=float, default=2.0)
    parser.add_argument('--clip', type=float, nargs=2, default=(0.1, 0.9))
    parser.add_argument(
        '--minority-label', type=int, help='default: the rarer label'
    )
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--device', default=None)
    parser.add_argument(
        '--block-mb',
        type=float,
        default=256,
        help='memory for one block of SSIM pair products (default 256 MB)',
    )
    parser.add_argument(
        '--method',
        choices=['ssim', 'imblearn'],
        default='ssim',
        help="'imblearn': imbalanced-learn's plain SMOTE on the flattened "
        'arrays (Euclidean neighbours, lam ~ U(0, 1)), the control of '
        'SMOTE-SSIM',
    )
    parser.add_argument('--overwrite', action='store_true')
    args = parser.parse_args(argv)
    if args.n_syn is None and args.target_ratio is None:
        args.target_ratio = 1.0
    return args


def main(argv=None):
    from mmir.datasets.multiband_arrays import array_path, read_annotations
    from mmir.smote import SMOTEError, oversample_rows

    args = parse_args(argv)
    root = args.data_root
    rows = read_annotations(osp.join(root, args.ann_file))
    rows = [
        dict(r, path=array_path(r, '', args.data_prefix, args.suffix))
        for r in rows
    ]
    out_dir = osp.join(root, args.out_dir)
    try:
        info = oversample_rows(
            rows,
            root,
            out_dir,
            args.out_dir,
            args.ann_file,
            n_syn=args.n_syn,
            target_ratio=args.target_ratio,
            k=args.k,
            alpha=args.alpha,
            beta=args.beta,
            clip=tuple(args.clip),
            minority_label=args.minority_label,
            seed=args.seed,
            device=args.device,
            h5_key=args.h5_key,
            layout=args.layout,
            overwrite=args.overwrite,
            max_block_bytes=int(args.block_mb * 2**20),
            method=args.method,
        )
    except SMOTEError as err:
        raise UsageError(str(err)) from None
    if info['seconds'] is None:
        print(f'{out_dir} is up to date')
        return out_dir
    name = 'SMOTE-SSIM' if args.method == 'ssim' else 'plain SMOTE'
    print(
        f'{info["num_minority"]} minority images (label '
        f'{info["minority_label"]}) -> {info["num_synthetic"]} synthetic '
        f'in {out_dir} ({name} {info["seconds"]:.1f} s); train on '
        f'{osp.join(args.out_dir, "train_smote.csv")}'
    )
    return out_dir


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
