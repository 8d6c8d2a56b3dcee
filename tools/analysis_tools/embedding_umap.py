"""UMAP of a classifier's pooled embeddings with SVM decision regions.

    python tools/analysis_tools/embedding_umap.py CONFIG CHECKPOINT
        [--splits train test] [--out umap.png] [--C 1.0] [--n-neighbors 15]

Tang et al., Fig. 6: the embeddings just before the classifier are
reduced to 2-D with UMAP and an RBF SVM fitted on the 2-D points of the
first split draws the decision regions; points are coloured by label,
one marker per split. Writes the PNG and ``<out>.csv`` (split, label,
x, y).
"""

import argparse
import csv
import io
import os
import os.path as osp
import sys

import numpy as np
from mmengine.config import DictAction

from mmir.utils.fileio import write_text_atomic
from mmir.utils.launch import UsageError, cli_main


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
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    import umap
    from sklearn.svm import SVC

    from mmir.cls.analysis import load_model_and_dataloader
    from mmir.cls.models.utils import extract_embeddings

    feats, labels, splits = [], [], []
    for split in args.splits:
        model, loader, _ = load_model_and_dataloader(
            args.config,
            args.checkpoint,
            split,
            args.cfg_options,
            args.data_root,
            args.device,
        )
        emb, lab = extract_embeddings(model, loader)
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
    out = args.out or osp.join(
        osp.dirname(osp.abspath(args.checkpoint)), 'umap.png'
    )
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
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
    print(f'{len(x)} embeddings ({", ".join(args.splits)}) -> {out}')


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
