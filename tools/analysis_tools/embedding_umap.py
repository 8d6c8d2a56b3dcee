"""UMAP of a classifier's pooled embeddings with SVM decision regions.

    python tools/analysis_tools/embedding_umap.py CONFIG CHECKPOINT
        [--splits train test] [--out umap.png] [--C 1.0] [--n-neighbors 15]
        [--batch-size N]

Tang et al., Fig. 6: the embeddings just before the classifier are
reduced to 2-D with UMAP and an RBF SVM fitted on the 2-D points of the
first split draws the decision regions; points are coloured by label,
one marker per split. Writes the PNG and ``<out>.csv`` (split, label,
x, y).

The embeddings are recorded batch by batch in ``.<out name>.<split>.jsonl``
beside the output while they are extracted: a killed run, started again
with the same command (same config, checkpoint and data), runs only the
batches it had not done and ends with the same PNG and CSV. The records
are removed when the outputs are written.
"""

import argparse
import csv
import hashlib
import io
import os
import os.path as osp
import sys

import numpy as np
from mmengine.config import DictAction

from mmir.utils.fileio import write_text_atomic
from mmir.utils.launch import UsageError, cli_main
from mmir.utils.resume import RecordCache


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--splits', nargs='+', default=['train', 'test'])
    parser.add_argument('--out')
    parser.add_argument('--C', type=float, default=1.0)
    parser.add_argument('--n-neighbors', type=int, default=15)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--data-root')
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--batch-size', type=int, help="default: the config's test loader's"
    )
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    import umap
    from sklearn.svm import SVC

    from mmir.cls.analysis import load_model_and_dataloader
    from mmir.cls.models.utils import extract_embeddings

    out = args.out or osp.join(
        osp.dirname(osp.abspath(args.checkpoint)), 'umap.png'
    )
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    feats, labels, splits, caches = [], [], [], []
    for split in args.splits:
        model, loader, cfg = load_model_and_dataloader(
            args.config,
            args.checkpoint,
            split,
            args.cfg_options,
            args.data_root,
            args.device,
            args.batch_size,
        )
        cache = RecordCache(
            osp.join(
                osp.dirname(osp.abspath(out)),
                f'.{osp.basename(out)}.{split}.jsonl',
            ),
            _manifest(args, cfg, loader, split),
        )
        if cache.done:
            print(
                f'resuming: {len(cache.done)} of {len(loader)} batches of '
                f'{split} already extracted'
            )
        caches.append(cache)
        emb, lab = extract_embeddings(model, loader, cache)
        feats.append(emb.numpy())
        labels.append(lab.numpy())
        splits += [split] * len(lab)
    x, y = np.concatenate(feats), np.concatenate(labels)
    if len(x) <= args.n_neighbors:
        raise UsageError(
            f'{len(x)} samples: UMAP needs more than '
            f'--n-neighbors {args.n_neighbors}'
        )
    xy = umap.UMAP(
        n_neighbors=args.n_neighbors, random_state=args.seed
    ).fit_transform(x)
    first = np.array(splits) == args.splits[0]
    if len(np.unique(y[first])) < 2:
        raise UsageError(
            f'split {args.splits[0]} has one class only; the '
            'decision regions need two'
        )
    svm = SVC(C=args.C, kernel='rbf', gamma='scale').fit(xy[first], y[first])
    import matplotlib

    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    pad = 0.05 * (xy.max(0) - xy.min(0) + 1e-6)
    lo, hi = xy.min(0) - pad, xy.max(0) + pad
    gx, gy = np.meshgrid(
        np.linspace(lo[0], hi[0], 300), np.linspace(lo[1], hi[1], 300)
    )
    zz = svm.predict(np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.contourf(gx, gy, zz, alpha=0.2, cmap='coolwarm')
    markers = ['o', '^', 's', 'D']
    names = (
        model.dataset_meta.get('classes')
        if getattr(model, 'dataset_meta', None)
        else None
    )
    for si, split in enumerate(args.splits):
        for cls in np.unique(y):
            m = (np.array(splits) == split) & (y == cls)
            label = names[cls] if names and cls < len(names) else cls
            ax.scatter(
                *xy[m].T,
                s=12,
                marker=markers[si % 4],
                c=['tab:blue', 'tab:red', 'tab:green'][cls % 3],
                label=f'{split}: {label}',
                edgecolors='none',
            )
    ax.set_title(
        f'UMAP of the embeddings; SVM (C={args.C}) regions on {args.splits[0]}'
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out + '.tmp.png', dpi=120)
    os.replace(out + '.tmp.png', out)
    plt.close(fig)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator='\n')
    writer.writerow(('split', 'label', 'x', 'y'))
    writer.writerows(
        (s, int(c), f'{p[0]:.5f}', f'{p[1]:.5f}')
        for s, c, p in zip(splits, y, xy)
    )
    write_text_atomic(osp.splitext(out)[0] + '.csv', buf.getvalue())
    for cache in caches:
        cache.remove()
    print(f'{len(x)} embeddings ({", ".join(args.splits)}) -> {out}')


def _manifest(args, cfg, loader, split):
    """What the recorded embeddings of ``split`` depend on: the resolved
    config, the checkpoint file and the samples, in order."""
    ckpt = osp.abspath(args.checkpoint)
    stat = os.stat(ckpt)
    samples = [
        str(loader.dataset.get_data_info(i).get('img_path'))
        for i in range(len(loader.dataset))
    ]
    return dict(
        split=split,
        config=hashlib.sha1(cfg.pretty_text.encode()).hexdigest(),
        checkpoint=[ckpt, stat.st_size, stat.st_mtime_ns],
        samples=hashlib.sha1('\n'.join(samples).encode()).hexdigest(),
        batch_size=loader.batch_size,
        device=args.device,
    )


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
