"""Stratified k-fold cross-validation of a classification config.

The config's (innermost) training dataset is the whole labelled set (or,
when the config sets ``kfold_ann_file``, that annotation file is). Fold
``i`` trains on the other folds (the dataset's ``indices``, so wrappers such
as ``ClassBalancedDataset`` keep working) and tests on fold ``i`` with the
validation pipeline. Splits are saved to ``splits.json`` and per-fold
``fold_<i>_{train,test}.txt`` lists (``<img_path> <label>``) so that offline
augmentation can be run on each fold's training part only.

The config keys read here (``kfold_ann_file``, ``kfold_smote``,
``kfold_save_best``, ``kfold_heldout_test``) are declared and validated in
:mod:`mmir.experiments.keys`: ``kfold_smote`` runs SMOTE-SSIM inside each
fold on that fold's training part only (``fold_<i>/smote/``), so no
synthetic sample is validated on and none interpolates a validation image;
``kfold_save_best`` keeps each fold's best weights on its own validation
part (``CheckpointHook(save_best=...)``), which an ``SVMPostHook`` then
uses; ``kfold_heldout_test`` tests every fold model on the config's own test
set too (``fold_<i>/test_heldout``), and the summary reports each fold and
the ensemble (fold models' scores averaged).
"""

from __future__ import annotations

import copy
import glob
import os
import os.path as osp
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from mmir.utils.config_check import (
    iter_datasets,
    load_config,
    override_data_root,
)
from mmir.utils.fileio import read_json, write_json_atomic, write_text_atomic

from .executor import ExecutorOptions, run_specs
from .keys import experiment_keys
from .runs import RunSpec

if TYPE_CHECKING:
    from mmengine.config import Config

__all__ = [
    'stratified_folds',
    'make_splits',
    'fold_config',
    'smote_fold',
    'confusion_matrix',
    'prf_from_confusion',
    'read_predictions',
    'read_scores',
    'run_kfold',
]

HELDOUT = 'heldout'


def stratified_folds(
    labels: Sequence[int] | np.ndarray, k: int, seed: int = 0
) -> list[list[int]]:
    """Test indices of ``k`` folds. Each class is shuffled (seeded) and dealt
    round-robin, continuing where the previous class stopped, so per-class
    counts of two folds differ by at most one and so do fold sizes."""
    labels = np.asarray(labels)
    if k < 2:
        raise ValueError(f'k-fold needs at least 2 folds, got {k}')
    counts = np.bincount(labels) if len(labels) else np.array([])
    if len(labels) < k:
        raise ValueError(f'{len(labels)} samples cannot make {k} folds')
    small = [c for c, n in enumerate(counts) if 0 < n < k]
    if small:
        print(
            f'warning: classes {small} have fewer than {k} samples; some '
            'folds will test none of them'
        )
    rng = np.random.default_rng(seed)
    folds = [[] for _ in range(k)]
    offset = 0
    for cls in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == cls))
        for j, i in enumerate(idx):
            folds[(offset + j) % k].append(int(i))
        offset += len(idx)
    return [sorted(f) for f in folds]


def _inner_dataset(cfg, loader):
    found = list(iter_datasets(cfg[loader]['dataset'], f'{loader}.dataset'))
    if len(found) != 1:
        raise ValueError(
            f'k-fold needs {loader} to hold one dataset (wrapped '
            f'or not), found {len(found)}'
        )
    return found[0][1]


def _dataset_infos(ds_cfg, scope):
    """Build the dataset (no pipeline, no ``indices``); its data infos."""
    from mmengine.registry import DATASETS, DefaultScope

    ds_cfg = copy.deepcopy(ds_cfg)
    ds_cfg.pop('indices', None)
    ds_cfg['pipeline'] = []
    with DefaultScope.overwrite_default_scope(scope):
        dataset = DATASETS.build(ds_cfg)
    return [dataset.get_data_info(i) for i in range(len(dataset))]


def _dataset_labels(ds_cfg, scope):
    """Build the dataset (no pipeline) and return its labels and paths."""
    infos = _dataset_infos(ds_cfg, scope)
    labels = np.array(
        [int(np.asarray(d['gt_label']).reshape(-1)[0]) for d in infos]
    )
    paths = [d.get('img_path', str(i)) for i, d in enumerate(infos)]
    return labels, paths


def make_splits(cfg: Config, k: int, seed: int, out_dir: str) -> dict:
    """Compute (or reuse) and save the splits; returns the splits dict."""
    path = osp.join(out_dir, 'splits.json')
    inner = _inner_dataset(cfg, 'train_dataloader')
    labels, paths = _dataset_labels(inner, cfg.get('default_scope'))
    folds = stratified_folds(labels, k, seed)
    splits = dict(
        k=k,
        seed=seed,
        num_samples=len(labels),
        labels=labels.tolist(),
        paths=paths,
        test_folds=folds,
    )
    old = read_json(path)
    if old is not None:
        if old != splits:
            raise ValueError(
                f'{path} holds other splits (seed, k or dataset changed); '
                'use another --work-dir or delete it'
            )
        return splits
    os.makedirs(out_dir, exist_ok=True)
    for i, test in enumerate(folds):
        test_set = set(test)
        for part, keep in (
            ('train', lambda j: j not in test_set),
            ('test', lambda j: j in test_set),
        ):
            write_text_atomic(
                osp.join(out_dir, f'fold_{i}_{part}.txt'),
                ''.join(
                    f'{paths[j]} {labels[j]}\n'
                    for j in range(len(labels))
                    if keep(j)
                ),
            )
    write_json_atomic(splits, path)
    return splits


def smote_fold(cfg: Config, splits: dict, fold: int, out_dir: str) -> str:
    """SMOTE-SSIM on the training part of ``fold`` only (``kfold_smote``);
    returns the absolute path of its ``train_smote.csv`` (the fold's
    training originals, then the synthetic samples)."""
    from mmir.smote import oversample_rows

    settings = experiment_keys(cfg).kfold_smote
    inner = _inner_dataset(cfg, 'train_dataloader')
    infos = _dataset_infos(inner, cfg.get('default_scope'))
    if [d.get('img_path') for d in infos] != splits['paths']:
        raise ValueError(
            'kfold_smote: the dataset no longer matches '
            'splits.json (its files changed)'
        )
    test = set(splits['test_folds'][fold])
    rows = [
        dict(
            id=str(d.get('sample_id', osp.basename(d['img_path']))),
            label=splits['labels'][j],
            path=osp.abspath(d['img_path']),
        )
        for j, d in enumerate(infos)
        if j not in test
    ]
    out_dir = osp.abspath(out_dir)
    oversample_rows(
        rows,
        '',
        out_dir,
        out_dir,
        f'the training part of fold {fold}',
        h5_key=inner.get('h5_key'),
        layout=inner.get('layout', 'chw'),
        **settings,
    )
    return osp.join(out_dir, 'train_smote.csv')


def fold_config(
    cfg: Config, splits: dict, fold: int, train_ann_file: str | None = None
) -> Config:
    """The config of one fold: train on the other folds (or on
    ``train_ann_file``, their SMOTE-augmented list), validate and test on
    this one; ``kfold_save_best`` / ``kfold_heldout_test`` as documented
    above."""
    keys = experiment_keys(cfg)
    cfg = copy.deepcopy(cfg)
    test = splits['test_folds'][fold]
    test_set = set(test)
    train = [i for i in range(splits['num_samples']) if i not in test_set]
    inner = _inner_dataset(cfg, 'train_dataloader')
    eval_pipeline = (
        _inner_dataset(cfg, 'val_dataloader')['pipeline']
        if cfg.get('val_dataloader')
        else inner['pipeline']
    )
    eval_ds = copy.deepcopy(inner)
    eval_ds.update(indices=test, pipeline=eval_pipeline, test_mode=True)
    if train_ann_file:
        inner['ann_file'] = train_ann_file
        inner.pop('indices', None)
    else:
        inner['indices'] = train
    if keys.kfold_heldout_test:
        if not cfg.get('test_dataloader'):
            raise ValueError(
                "kfold_heldout_test needs the config's own "
                'test_dataloader (the held-out test set)'
            )
        cfg.extra_test_sets = dict(cfg.get('extra_test_sets') or {})
        cfg.extra_test_sets[HELDOUT] = copy.deepcopy(
            cfg.test_dataloader.dataset
        )
    if keys.kfold_save_best:
        cfg.default_hooks.checkpoint.update(
            save_best=keys.kfold_save_best, rule='greater'
        )
    loader = copy.deepcopy(cfg.get('val_dataloader') or cfg.train_dataloader)
    loader['dataset'] = eval_ds
    loader['sampler'] = dict(type='DefaultSampler', shuffle=False)
    for key in ('val_dataloader', 'test_dataloader'):
        cfg[key] = copy.deepcopy(loader)
    cfg.val_evaluator = cfg.get('val_evaluator') or cfg.get('test_evaluator')
    cfg.test_evaluator = cfg.get('test_evaluator') or cfg.val_evaluator
    cfg.val_cfg = cfg.get('val_cfg') or dict(type='ValLoop')
    cfg.test_cfg = cfg.get('test_cfg') or dict(type='TestLoop')
    return cfg


def confusion_matrix(
    gt: Sequence[int], pred: Sequence[int], num_classes: int
) -> np.ndarray:
    """``cm[i, j]`` = samples of class ``i`` predicted as ``j``."""
    cm = np.zeros((num_classes, num_classes), np.int64)
    np.add.at(cm, (np.asarray(gt, int), np.asarray(pred, int)), 1)
    return cm


def prf_from_confusion(cm: np.ndarray, positive: int = 1) -> dict[str, float]:
    """Precision, recall and F1 of class ``positive`` (0 where undefined)."""
    tp = cm[positive, positive]
    fp = cm[:, positive].sum() - tp
    fn = cm[positive, :].sum() - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision + recall
        else 0.0
    )
    return dict(precision=float(precision), recall=float(recall), f1=float(f1))


def read_predictions(path: str) -> tuple[list[int], list[int], int] | None:
    """``(gt, pred, num_classes)`` of a classification predictions pickle
    (``tools/test.py --out``), or None if it holds no class labels;
    ``num_classes`` is the length of the score vectors when present."""
    from mmengine.fileio import load

    preds = load(path)
    if not preds or 'pred_label' not in preds[0]:
        return None
    gt = [int(np.asarray(p['gt_label']).reshape(-1)[0]) for p in preds]
    pred = [int(np.asarray(p['pred_label']).reshape(-1)[0]) for p in preds]
    num_classes = (
        len(np.asarray(preds[0]['pred_score']))
        if 'pred_score' in preds[0]
        else max(gt + pred) + 1
    )
    return gt, pred, num_classes


def read_scores(path: str) -> tuple[np.ndarray, np.ndarray]:
    """``(gt (N,), scores (N, C))`` of a predictions pickle."""
    from mmengine.fileio import load

    preds = load(path)
    gt = np.array(
        [int(np.asarray(p['gt_label']).reshape(-1)[0]) for p in preds]
    )
    scores = np.stack([np.asarray(p['pred_score'], np.float64) for p in preds])
    return gt, scores


def run_kfold(
    config: str,
    work_dir: str,
    k: int = 5,
    seed: int = 0,
    folds: Sequence[int] | None = None,
    cfg_options: Sequence[str] | None = None,
    data_root: str | None = None,
    positive: int = 1,
    printer: Callable[[str], Any] = print,
    executor: ExecutorOptions | None = None,
) -> dict:
    """Run the folds (all, or those in ``folds``) not finished yet and write
    ``kfold_summary.{md,csv,json}``; returns the summary dict. With a
    Slurm/local ``executor`` every fold is its own job, all submitted at
    once."""
    cfg = load_config(config, cfg_options)
    if data_root:
        override_data_root(cfg, data_root)
    keys = experiment_keys(cfg, config)
    if keys.kfold_ann_file:
        _inner_dataset(cfg, 'train_dataloader')['ann_file'] = (
            keys.kfold_ann_file
        )
    inner = _inner_dataset(cfg, 'train_dataloader')
    ann = inner.get('ann_file', '')
    records = osp.join(
        inner.get('data_root') or '', osp.dirname(ann), 'records.csv'
    )
    if not keys.kfold_smote and osp.isfile(records):
        printer(
            f'warning: {ann} holds SMOTE samples ({records}); the folds '
            'split them independently of their anchors, so validation '
            'folds hold synthetic images and training folds hold '
            "interpolations of validation images (the paper's SMOTE "
            'before the folds). Set kfold_ann_file to the original list '
            'and kfold_smote=dict(...) to oversample inside each fold.'
        )
    os.makedirs(work_dir, exist_ok=True)
    splits = make_splits(cfg, k, seed, work_dir)
    num_classes = int(max(splits['labels'])) + 1
    fold_specs, fold_ids = [], []
    for i in range(k):
        fold_dir = osp.join(work_dir, f'fold_{i}')
        if folds is not None and i not in folds:
            continue
        fold_cfg_path = osp.join(fold_dir, 'fold_config.py')
        os.makedirs(fold_dir, exist_ok=True)
        train_ann = None
        if keys.kfold_smote:
            train_ann = smote_fold(cfg, splits, i, osp.join(fold_dir, 'smote'))
            printer(
                f'[fold {i + 1}/{k}] SMOTE-SSIM on its training part -> '
                f'{train_ann}'
            )
        fold_config(cfg, splits, i, train_ann).dump(fold_cfg_path)
        n_test = len(splits['test_folds'][i])
        printer(
            f'[fold {i + 1}/{k}] train {splits["num_samples"] - n_test} '
            f'/ test {n_test} -> {fold_dir}'
        )

        fold_specs.append(
            RunSpec(
                config=fold_cfg_path, work_dir=fold_dir, dump_predictions=True
            )
        )
        fold_ids.append(i)

    def progress_of(n):
        i = fold_ids[n]

        def progress(epoch, it, max_it, eta) -> None:
            where = f'epoch {epoch} ' if epoch else ''
            printer(f'[fold {i + 1}/{k}] {where}iter {it}/{max_it}, eta {eta}')

        return progress

    def on_result(n, result):
        i = fold_ids[n]
        state = (
            'already finished, skipped'
            if result.get('skipped')
            else result['status']
            if result['status'] == 'ok'
            else f'FAILED: {result["error"]}'
        )
        printer(f'[fold {i + 1}/{k}] {state}')

    run_specs(
        fold_specs,
        executor or ExecutorOptions(),
        on_result,
        on_progress=progress_of,
        on_event=lambda n, text: printer(
            f'[fold {fold_ids[n] + 1}/{k}] {text}'
        ),
    )
    return summarize_kfold(work_dir, splits, num_classes, positive)


def summarize_kfold(
    work_dir: str, splits: dict, num_classes: int, positive: int = 1
) -> dict:
    """Per-fold and pooled metrics from the finished folds' predictions."""
    k = splits['k']
    pooled = np.zeros((num_classes, num_classes), np.int64)
    rows = []
    for i in range(k):
        pred_file = osp.join(work_dir, f'fold_{i}', 'test', 'predictions.pkl')
        if not osp.isfile(pred_file):
            rows.append(dict(fold=i, status='not finished'))
            continue
        gt, pred, _ = read_predictions(pred_file)
        cm = confusion_matrix(gt, pred, num_classes)
        pooled += cm
        rows.append(
            dict(
                fold=i,
                status='ok',
                n=int(cm.sum()),
                **prf_from_confusion(cm, positive),
                confusion_matrix=cm.tolist(),
            )
        )
    extra = {}
    for i in range(k):
        fold_dir = osp.join(work_dir, f'fold_{i}')
        for pred_file in sorted(
            glob.glob(osp.join(fold_dir, 'test_*', 'predictions.pkl'))
        ):
            name = osp.basename(osp.dirname(pred_file))[len('test_') :]
            if name == HELDOUT:
                continue
            read = read_predictions(pred_file)
            if read is None:
                continue
            _, pred, _ = read
            tot = extra.setdefault(
                name, dict(n=0, predicted_positive=0, folds=0)
            )
            tot['n'] += len(pred)
            tot['predicted_positive'] += int(sum(p == positive for p in pred))
            tot['folds'] += 1
    done = [r for r in rows if r['status'] == 'ok']
    summary = dict(
        k=k,
        seed=splits['seed'],
        positive_class=positive,
        folds=rows,
        complete=len(done) == k,
        extra_test_sets=extra,
        pooled=dict(
            n=int(pooled.sum()),
            **prf_from_confusion(pooled, positive),
            confusion_matrix=pooled.tolist(),
        ),
    )
    if done:
        summary.update(_mean_std(done))
    heldout = _summarize_heldout(work_dir, k, num_classes, positive)
    if heldout:
        summary['heldout'] = heldout
    _write_summary(summary, work_dir)
    return summary


def _mean_std(rows):
    out = {}
    for key in ('precision', 'recall', 'f1'):
        vals = [r[key] for r in rows]
        out[f'mean_{key}'] = float(np.mean(vals))
        out[f'std_{key}'] = (
            float(np.std(vals, ddof=1)) if len(vals) > 1 else 0.0
        )
    return out


def _summarize_heldout(work_dir, k, num_classes, positive):
    """Each fold model and their ensemble (mean of the fold models' scores)
    on the config's own test set; None when no fold tested it."""
    rows, scores, gt = [], [], None
    for i in range(k):
        path = osp.join(
            work_dir, f'fold_{i}', f'test_{HELDOUT}', 'predictions.pkl'
        )
        if not osp.isfile(path):
            continue
        g, s = read_scores(path)
        if gt is not None and not np.array_equal(g, gt):
            raise ValueError(
                f'{path}: the held-out test set differs from '
                "the other folds' (order or labels)"
            )
        gt = g
        scores.append(s)
        cm = confusion_matrix(g, s.argmax(1), num_classes)
        rows.append(
            dict(fold=i, n=int(cm.sum()), **prf_from_confusion(cm, positive))
        )
    if not rows:
        return None
    mean = np.mean(scores, 0)
    cm = confusion_matrix(gt, mean.argmax(1), num_classes)
    return dict(
        folds=rows,
        **_mean_std(rows),
        ensemble=dict(
            n=int(cm.sum()),
            num_models=len(rows),
            **prf_from_confusion(cm, positive),
            confusion_matrix=cm.tolist(),
        ),
    )


def _write_summary(summary, work_dir) -> None:
    write_json_atomic(summary, osp.join(work_dir, 'kfold_summary.json'))
    head = '| fold | n | precision | recall | F1 |\n|---|---|---|---|---|\n'
    lines, csv_lines = [], ['fold,n,precision,recall,f1']
    for r in summary['folds'] + [
        dict(summary['pooled'], fold='pooled', status='ok')
    ]:
        if r['status'] != 'ok':
            lines.append(f'| {r["fold"]} | | | | {r["status"]} |')
            continue
        lines.append(
            f'| {r["fold"]} | {r["n"]} | {r["precision"]:.4f} | '
            f'{r["recall"]:.4f} | {r["f1"]:.4f} |'
        )
        csv_lines.append(
            f'{r["fold"]},{r["n"]},{r["precision"]},{r["recall"]},{r["f1"]}'
        )
    cm = np.array(summary['pooled']['confusion_matrix'])
    cm_md = '\n'.join(
        [
            '| true \\ pred | ' + ' | '.join(map(str, range(len(cm)))) + ' |',
            '|---' * (len(cm) + 1) + '|',
        ]
        + [
            f'| {i} | ' + ' | '.join(map(str, row)) + ' |'
            for i, row in enumerate(cm)
        ]
    )
    text = (
        f'# {summary["k"]}-fold cross-validation (seed {summary["seed"]}, '
        f'positive class {summary["positive_class"]})\n\n{head}'
        + '\n'.join(lines)
        + '\n\nConfusion matrix accumulated over the '
        f'folds ({cm.sum()} samples):\n\n{cm_md}\n'
    )
    if summary.get('extra_test_sets'):
        text += (
            '\nExtra test sets (each fold tests its own; every positive '
            'prediction on a set of negatives is a false positive):\n\n'
            '| set | folds | images | predicted positive |\n'
            '|---|---|---|---|\n'
            + ''.join(
                f'| {name} | {e["folds"]} | {e["n"]} | '
                f'{e["predicted_positive"]} |\n'
                for name, e in summary['extra_test_sets'].items()
            )
        )
    heldout = summary.get('heldout')
    if heldout:
        ens = heldout['ensemble']
        text += (
            "\nHeld-out test set (the config's own test set; each fold "
            'model, and their ensemble = mean of their scores):\n\n'
            '| model | n | precision | recall | F1 |\n|---|---|---|---|'
            '---|\n'
            + ''.join(
                f'| fold {r["fold"]} | {r["n"]} | {r["precision"]:.4f} '
                f'| {r["recall"]:.4f} | {r["f1"]:.4f} |\n'
                for r in heldout['folds']
            )
            + f'| ensemble of {ens["num_models"]} | {ens["n"]} | '
            f'{ens["precision"]:.4f} | {ens["recall"]:.4f} | '
            f'{ens["f1"]:.4f} |\n'
        )
    write_text_atomic(osp.join(work_dir, 'kfold_summary.md'), text)
    write_text_atomic(
        osp.join(work_dir, 'kfold_summary.csv'), '\n'.join(csv_lines) + '\n'
    )
