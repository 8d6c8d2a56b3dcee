"""Fig. 4 of Tang et al.: SMOTE-SSIM anchors, neighbours and the samples
made from them, and the class distribution before and after.

    python tools/analysis_tools/smote_examples.py DATA_ROOT
        [--smote-dir smote] [--num 4] [--rgb red green blue] [--seed 0]
        [--out smote_examples.png]

Reads what ``tools/dataset_converters/smote_ssim.py`` wrote
(``<smote-dir>/train_smote.csv``, ``records.csv``) and the arrays they name;
shows ``--num`` random synthetic samples, each row anchor | neighbour |
sample (bands ``--rgb`` as an RGB composite, each band stretched to its
2nd-98th percentile over the three images; lambda in the title), and a bar
chart of the class counts of the original training list and of the
SMOTE list. Default output: ``<smote-dir>/smote_examples.png``.
"""

import argparse
import os.path as osp
import sys

import numpy as np

from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('data_root')
    parser.add_argument('--smote-dir', default='smote')
    parser.add_argument('--num', type=int, default=4)
    parser.add_argument('--rgb', nargs=3, default=['red', 'green', 'blue'])
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out')
    return parser.parse_args(argv)


def composite(arrays, bands):
    """(3, H, W) RGB in [0, 1] of each (C, H, W) array, each band stretched
    to its 2nd-98th percentile over all the arrays together."""
    stack = np.stack([a[bands].astype(np.float64) for a in arrays])
    lo = np.percentile(stack, 2, axis=(0, 2, 3), keepdims=True)
    hi = np.percentile(stack, 98, axis=(0, 2, 3), keepdims=True)
    return np.clip((stack - lo) / np.maximum(hi - lo, 1e-12), 0, 1)


def main(argv=None):
    import csv

    import matplotlib

    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    from mmir.datasets.multiband_arrays import (
        ZINDI_BANDS,
        load_array,
        read_annotations,
    )
    from mmir.utils.fileio import atomic_file, read_json

    args = parse_args(argv)
    root = args.data_root
    smote = osp.join(root, args.smote_dir)
    rows = read_annotations(osp.join(smote, 'train_smote.csv'))
    records_path = osp.join(smote, 'records.csv')
    if not osp.isfile(records_path):
        raise UsageError(
            f'{records_path} not found: run '
            'tools/dataset_converters/smote_ssim.py first'
        )
    with open(records_path, newline='') as f:
        records = list(csv.DictReader(f))
    if not records:
        raise UsageError(f'{records_path} lists no synthetic sample')
    names = list(
        (read_json(osp.join(root, 'bands.json')) or {}).get(
            'bands', ZINDI_BANDS
        )
    )
    missing = [b for b in args.rgb if b not in names]
    if missing:
        raise UsageError(f'--rgb {missing} not among the stored bands {names}')
    bands = [names.index(b) for b in args.rgb]
    path_of = {r['id']: r['path'] for r in rows}

    def load(sample_id):
        if sample_id not in path_of or not path_of[sample_id]:
            raise UsageError(f'{sample_id} has no path in train_smote.csv')
        return load_array(osp.join(root, path_of[sample_id]))

    rng = np.random.default_rng(args.seed)
    picks = rng.choice(
        len(records), min(args.num, len(records)), replace=False
    )
    fig, axes = plt.subplots(
        len(picks) + 1, 3, figsize=(7.5, 2.5 * (len(picks) + 1))
    )
    for row, k in zip(axes[:-1], picks):
        rec = records[k]
        rgb = composite(
            [load(rec['anchor']), load(rec['neighbour']), load(rec['id'])],
            bands,
        )
        for ax, img, title in zip(
            row,
            rgb,
            (
                f'anchor {rec["anchor"]}',
                f'neighbour {rec["neighbour"]}',
                f'sample, lambda {float(rec["lambda"]):.2f}',
            ),
        ):
            ax.imshow(img.transpose(1, 2, 0))
            ax.set_title(title, fontsize=8)
            ax.axis('off')
    synthetic = {r['id'] for r in records}
    before = [r['label'] for r in rows if r['id'] not in synthetic]
    after = [r['label'] for r in rows]
    labels = sorted(set(after))
    ax = axes[-1, 0]
    width = 0.4
    x = np.arange(len(labels))
    ax.bar(
        x - width / 2,
        [before.count(c) for c in labels],
        width,
        label='original',
    )
    ax.bar(
        x + width / 2,
        [after.count(c) for c in labels],
        width,
        label='with SMOTE',
    )
    ax.set_xticks(x, [str(c) for c in labels])
    ax.set_xlabel('class')
    ax.set_ylabel('images')
    ax.legend(fontsize=7)
    for ax in axes[-1, 1:]:
        ax.axis('off')
    fig.tight_layout()
    out = args.out or osp.join(smote, 'smote_examples.png')
    with atomic_file(out) as tmp:
        fig.savefig(tmp, dpi=100)
    plt.close(fig)
    print(
        f'{len(picks)} anchors / neighbours / samples and the class counts '
        f'({dict((c, before.count(c)) for c in labels)} -> '
        f'{dict((c, after.count(c)) for c in labels)}) -> {out}'
    )
    return out


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
