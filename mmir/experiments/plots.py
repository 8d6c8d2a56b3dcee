"""Plots of finished runs: training curves from MMEngine's ``scalars.json``,
confusion matrices, and prediction overlays (via ``tools/test.py
--show-dir``) for detection and segmentation."""

import glob
import json
import os
import os.path as osp
import subprocess
import sys
from collections.abc import Sequence

import numpy as np

__all__ = [
    'read_scalars',
    'plot_curves',
    'plot_confusion',
    'plot_run',
    'write_overlays',
    'plot_dir',
]

_SKIP = ('time', 'data_time', 'iter', 'step', 'epoch', 'memory')


def read_scalars(run_dir: str) -> tuple[list[dict], list[dict]]:
    """Training and validation records of a run, across resumed sessions
    (``<run_dir>/<timestamp>/vis_data/scalars.json``), in time order."""
    files = sorted(
        glob.glob(osp.join(run_dir, '*', 'vis_data', 'scalars.json'))
    )
    train, val = [], []
    for path in files:
        with open(path) as f:
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    (train if 'iter' in rec else val).append(rec)
    return train, val


def _plt():
    import matplotlib

    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    return plt


def plot_curves(
    run_dir: str, out_png: str, title: str | None = None
) -> str | None:
    """Loss terms and learning rate per iteration, and each validation
    metric per evaluation. Returns ``out_png`` or None without records."""
    train, val = read_scalars(run_dir)
    if not train and not val:
        return None
    plt = _plt()
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    steps = [r['step'] for r in train]
    for key in sorted({k for r in train for k in r if 'loss' in k}):
        axes[0].plot(steps, [r.get(key, np.nan) for r in train], label=key)
    axes[0].set(title='loss', xlabel='iteration')
    axes[1].plot(steps, [r.get('lr', np.nan) for r in train])
    axes[1].set(title='learning rate', xlabel='iteration')
    metric_keys = sorted({k for r in val for k in r if k not in _SKIP})
    for key in metric_keys:
        axes[2].plot(
            range(1, len(val) + 1),
            [r.get(key, np.nan) for r in val],
            'o-',
            label=key,
        )
    axes[2].set(title='validation', xlabel='evaluation')
    for ax in axes:
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    os.makedirs(osp.dirname(osp.abspath(out_png)), exist_ok=True)
    fig.savefig(out_png, dpi=100)
    plt.close(fig)
    return out_png


def plot_confusion(
    cm: np.ndarray,
    out_png: str,
    class_names: Sequence[str] | None = None,
    title: str | None = None,
) -> str:
    """A confusion matrix (rows: true class, columns: predicted) with the
    counts written in the cells."""
    cm = np.asarray(cm)
    names = class_names or [str(i) for i in range(len(cm))]
    plt = _plt()
    fig, ax = plt.subplots(figsize=(1.2 * len(cm) + 2.5, 1.2 * len(cm) + 2))
    ax.imshow(cm, cmap='Blues')
    for (i, j), v in np.ndenumerate(cm):
        ax.text(
            j,
            i,
            str(v),
            ha='center',
            va='center',
            color='white' if v > cm.max() / 2 else 'black',
        )
    ax.set(
        xticks=range(len(cm)),
        yticks=range(len(cm)),
        xticklabels=names,
        yticklabels=names,
        xlabel='predicted',
        ylabel='true',
        title=title or f'confusion matrix ({cm.sum()} samples)',
    )
    fig.tight_layout()
    os.makedirs(osp.dirname(osp.abspath(out_png)), exist_ok=True)
    fig.savefig(out_png, dpi=100)
    plt.close(fig)
    return out_png


def _classification_confusion(pred_file):
    from .kfold import confusion_matrix, read_predictions

    labels = read_predictions(pred_file)
    return None if labels is None else confusion_matrix(*labels)


def write_overlays(
    config: str,
    checkpoint: str,
    out_dir: str,
    num_images: int = 4,
    data_root: str | None = None,
    cfg_options: Sequence[str] = (),
) -> list[str]:
    """Prediction overlays of the first ``num_images`` test images, with the
    run's ``data_root`` and ``cfg_options``."""
    cmd = [
        sys.executable,
        '-m',
        'mmir.entrypoints.test',
        config,
        checkpoint,
        '--work-dir',
        osp.join(out_dir, '.test'),
        '--show-dir',
        out_dir,
        *(['--data-root', data_root] if data_root else []),
        '--cfg-options',
        *cfg_options,
        f'test_dataloader.dataset.indices={num_images}',
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f'overlays failed: {proc.stderr[-1000:]}')
    return sorted(glob.glob(osp.join(out_dir, '**', '*.png'), recursive=True))


def plot_run(
    run_dir: str, out_dir: str, name: str | None = None, overlays: int = 4
) -> list[str]:
    """Curves, confusion matrix (classification) and overlays (detection,
    segmentation) of one finished run; returns the written PNG paths."""
    name = name or osp.basename(osp.normpath(run_dir))
    written = []
    curves = plot_curves(
        run_dir, osp.join(out_dir, f'{name}_curves.png'), title=name
    )
    if curves:
        written.append(curves)
    pred_file = osp.join(run_dir, 'test', 'predictions.pkl')
    cm = (
        _classification_confusion(pred_file) if osp.isfile(pred_file) else None
    )
    if cm is not None:
        written.append(
            plot_confusion(
                cm, osp.join(out_dir, f'{name}_confusion.png'), title=name
            )
        )
    result_file = osp.join(run_dir, 'result.json')
    if overlays and osp.isfile(result_file):
        with open(result_file) as f:
            result = json.load(f)
        config = result.get('config')
        if (
            result.get('status') == 'ok'
            and config
            and _scope(config) in ('mmdet', 'mmseg')
        ):
            written += write_overlays(
                config,
                result['checkpoint'],
                osp.join(out_dir, f'{name}_overlays'),
                overlays,
                result.get('data_root'),
                result.get('cfg_options', []),
            )
    return written


def _scope(config):
    from mmengine.config import Config

    return Config.fromfile(config).get('default_scope')


def find_runs(root: str) -> list[str]:
    """Run folders (holding ``result.json``) under ``root``, sorted."""
    return sorted(
        osp.dirname(p)
        for p in glob.glob(osp.join(root, '**', 'result.json'), recursive=True)
    )


def plot_dir(root: str, overlays: int = 4) -> list[str]:
    """Plot a run, a grid or a k-fold folder into ``<root>/plots``; the
    pooled confusion matrix of a k-fold folder goes next to its summary."""
    out_dir = osp.join(root, 'plots')
    written = []
    for run in find_runs(root):
        name = osp.relpath(run, root).replace(os.sep, '_')
        written += plot_run(
            run, out_dir, name=name if name != '.' else None, overlays=overlays
        )
    summary = osp.join(root, 'kfold_summary.json')
    if osp.isfile(summary):
        with open(summary) as f:
            pooled = json.load(f)['pooled']
        written.append(
            plot_confusion(
                pooled['confusion_matrix'],
                osp.join(root, 'confusion_matrix.png'),
                title=f'pooled over folds ({pooled["n"]} samples)',
            )
        )
    return written
