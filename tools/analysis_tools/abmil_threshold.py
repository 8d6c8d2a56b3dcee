"""Choose the decision threshold of a binary classifier (ABMIL) on
validation data for a target false-positive rate; ROC and PR curves.

    python tools/analysis_tools/abmil_threshold.py CONFIG CHECKPOINT
        [--split val] [--target-fpr 0.05] [--out-dir DIR]
        [--data-root DIR] [--cfg-options k=v ...]

Scores every sample of ``--split`` (val, test, train, or an
``extra_test_sets`` name) with the checkpoint, takes the threshold with
the highest recall among those whose false-positive rate is at most
``--target-fpr`` (positive when p(positive) >= threshold), and writes into
``--out-dir`` (default: beside the checkpoint): ``threshold.json`` (the
threshold, its FPR, recall and precision, ROC AUC, average precision, the
curves) and ``roc_pr.png`` (ROC and precision-recall, the operating point
marked). Use the threshold with ``tools/test.py --cfg-options
model.head.threshold=T`` or ``abmil_heatmaps.py --threshold-file``.
"""

import argparse
import os.path as osp
import sys

import numpy as np
from mmengine.config import DictAction

from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--split', default='val')
    parser.add_argument('--target-fpr', type=float, default=0.05)
    parser.add_argument('--out-dir')
    parser.add_argument('--data-root')
    parser.add_argument('--positive', type=int, default=1)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def scores_of(model, loader, positive):
    """``(labels (N,), p(positive) (N,))`` of the loader's samples."""
    import torch
    from tqdm import tqdm

    labels, scores = [], []
    with torch.no_grad():
        for batch in tqdm(loader, desc='scoring', unit='batch'):
            for p in model.test_step(batch):
                labels.append(int(p.gt_label[0]) == positive)
                scores.append(float(p.pred_score[positive]))
    return np.array(labels, int), np.array(scores)


def plot(result, path):
    import matplotlib

    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    from mmir.utils.fileio import atomic_file

    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 4))
    a.plot(result['roc']['fpr'], result['roc']['tpr'])
    a.plot([0, 1], [0, 1], ':', color='grey')
    a.axvline(result['target_fpr'], ls='--', color='grey', lw=0.8)
    a.plot(result['fpr'], result['tpr'], 'o', color='red')
    a.set(
        xlabel='false-positive rate',
        ylabel='recall (true-positive rate)',
        title=f'ROC (AUC {result["auc"]:.3f})',
    )
    b.plot(result['pr']['recall'], result['pr']['precision'])
    b.plot(result['tpr'], result['precision'], 'o', color='red')
    b.set(
        xlabel='recall',
        ylabel='precision',
        title=f'precision-recall (AP {result["average_precision"]:.3f})',
    )
    fig.suptitle(
        f'threshold {result["threshold"]:.4g}: FPR {result["fpr"]:.3f}, '
        f'recall {result["tpr"]:.3f} (target FPR {result["target_fpr"]})'
    )
    fig.tight_layout()
    with atomic_file(path) as tmp:
        fig.savefig(tmp, dpi=100)
    plt.close(fig)


@cli_main
def main(argv=None):
    args = parse_args(argv)
    from mmir.cls.analysis import load_model_and_dataloader, operating_point
    from mmir.utils.fileio import write_json_atomic

    if not osp.isfile(args.checkpoint):
        raise UsageError(f'{args.checkpoint}: no such checkpoint')
    try:
        model, loader, _ = load_model_and_dataloader(
            args.config,
            args.checkpoint,
            split=args.split,
            cfg_options=args.cfg_options,
            data_root=args.data_root,
            device=args.device,
            default_scope='mmpretrain',
        )
    except ValueError as err:
        raise UsageError(str(err)) from None
    labels, scores = scores_of(model, loader, args.positive)
    try:
        result = operating_point(labels, scores, args.target_fpr)
    except ValueError as err:
        raise UsageError(f'--split {args.split}: {err}') from None
    out_dir = args.out_dir or osp.dirname(osp.abspath(args.checkpoint))
    result.update(split=args.split, checkpoint=osp.abspath(args.checkpoint))
    if not np.isfinite(result['threshold']):
        raise UsageError(
            f'no threshold flags any sample of --split {args.split} at '
            f'FPR <= {args.target_fpr} ({result["n_neg"]} negatives): the '
            'best-scored negative scores above every positive; raise '
            '--target-fpr'
        )
    write_json_atomic(result, osp.join(out_dir, 'threshold.json'))
    plot(result, osp.join(out_dir, 'roc_pr.png'))
    print(
        f'{args.split}: {result["n_pos"]} positive, {result["n_neg"]} '
        f'negative; ROC AUC {result["auc"]:.3f}, AP '
        f'{result["average_precision"]:.3f}'
    )
    print(
        f'threshold {result["threshold"]:.6g}: FPR {result["fpr"]:.3f} '
        f'(target {args.target_fpr}), recall {result["tpr"]:.3f}, '
        f'precision {result["precision"]:.3f}'
    )
    print(
        f'wrote {out_dir}/threshold.json, roc_pr.png; test with '
        f'--cfg-options model.head.threshold={result["threshold"]:.6g}'
    )
    return 0


if __name__ == '__main__':
    sys.exit(main())
