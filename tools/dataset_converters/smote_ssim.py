"""Oversample the minority class of a multi-band dataset with SMOTE-SSIM.

    python tools/dataset_converters/smote_ssim.py DATA_ROOT
        [--ann-file train.csv] [--out-dir smote] [--data-prefix arrays]
        [--n-syn N | --target-ratio R] [--k 5] [--alpha 2 --beta 2]
        [--clip 0.1 0.9] [--minority-label L] [--device cuda] [--overwrite]

Tang et al., Algorithm 1: each minority image's k nearest minority images
by SSIM (mean over bands, all pairs computed batched on tensors, on the
GPU with --device cuda) are its neighbours; every synthetic image is
lam * I + (1 - lam) * I_n with lam ~ Beta(alpha, beta) clipped to
[a, b]. --n-syn images per minority image, or as many as bring the
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
import csv
import io
import os
import os.path as osp
import sys
import time

import numpy as np

from mmir.datasets.multiband import array_path, load_array, read_annotations
from mmir.utils.fileio import atomic_output_dir
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
    parser.add_argument('--minority-label', type=int,
                        help='default: the rarer label')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--device', default=None)
    parser.add_argument('--overwrite', action='store_true')
    args = parser.parse_args(argv)
    if args.n_syn is None and args.target_ratio is None:
        args.target_ratio = 1.0
    return args


def _csv_text(header, rows):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator='\n')
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def main(argv=None):
    from mmir.smote import smote_ssim, synthetic_counts
    args = parse_args(argv)
    root = args.data_root
    ann = osp.join(root, args.ann_file)
    rows = read_annotations(ann)
    labels = np.array([r['label'] for r in rows])
    if len(np.unique(labels)) < 2:
        raise UsageError(f'{ann}: SMOTE needs two classes, found '
                         f'{np.unique(labels).tolist()}')
    values, freq = np.unique(labels, return_counts=True)
    minority = int(values[np.argmin(freq)]) if args.minority_label is None \
        else args.minority_label
    if minority not in values:
        raise UsageError(f'{ann} has no sample of label {minority}')
    rel = [array_path(r, '', args.data_prefix, args.suffix) for r in rows]
    idx = np.flatnonzero(labels == minority)
    images = []
    for i in idx:
        arr = load_array(osp.join(root, rel[i]), args.h5_key)
        if arr.ndim != 3:
            raise UsageError(f'{rel[i]}: expected a 3-D band array, got '
                             f'shape {arr.shape}')
        images.append(arr if args.layout == 'chw' else arr.transpose(2, 0, 1))
    shapes = {a.shape for a in images}
    if len(shapes) != 1:
        raise UsageError(f'minority arrays differ in shape: {sorted(shapes)}'
                         '; resize them to one size first')
    images = np.stack(images)
    counts = synthetic_counts(len(idx), int((labels != minority).sum()),
                              args.n_syn, args.target_ratio, args.seed)
    manifest = dict(tool='smote_ssim', ann_file=args.ann_file,
                    minority_label=minority, k=args.k, alpha=args.alpha,
                    beta=args.beta, clip=list(args.clip), seed=args.seed,
                    n_syn=args.n_syn, target_ratio=args.target_ratio,
                    num_synthetic=int(counts.sum()))
    out_dir = osp.join(root, args.out_dir)
    with atomic_output_dir(out_dir, manifest, args.overwrite) as tmp:
        if tmp is None:
            print(f'{out_dir} is up to date')
            return out_dir
        start = time.perf_counter()
        synth, records = smote_ssim(images, counts, args.k, args.alpha,
                                    args.beta, tuple(args.clip), args.seed,
                                    args.device)
        elapsed = time.perf_counter() - start
        os.makedirs(osp.join(tmp, 'arrays'))
        new_rows, rec_rows = [], []
        for m, (img, (a, n, lam)) in enumerate(zip(synth, records)):
            anchor = rows[idx[a]]['id']
            sid = f'{anchor}_smote{m}'
            path = osp.join(args.out_dir, 'arrays', f'{sid}.npy')
            np.save(osp.join(tmp, 'arrays', f'{sid}.npy'),
                    img if args.layout == 'chw' else img.transpose(1, 2, 0))
            new_rows.append((sid, minority, path))
            rec_rows.append((sid, anchor, rows[idx[n]]['id'], f'{lam:.6f}'))
        with open(osp.join(tmp, 'train_smote.csv'), 'w') as f:
            f.write(_csv_text(('id', 'label', 'path'),
                              [(r['id'], r['label'], p)
                               for r, p in zip(rows, rel)] + new_rows))
        with open(osp.join(tmp, 'records.csv'), 'w') as f:
            f.write(_csv_text(('id', 'anchor', 'neighbour', 'lambda'),
                              rec_rows))
    print(f'{len(idx)} minority images (label {minority}) -> '
          f'{len(records)} synthetic in {out_dir} (SMOTE-SSIM {elapsed:.1f} '
          f's); train on {osp.join(args.out_dir, "train_smote.csv")}')
    return out_dir


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
