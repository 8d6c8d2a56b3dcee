import json

import numpy as np
import pytest
from mmengine.config import Config

from conftest import ROOT, run_tool
from mmir.experiments.kfold import (confusion_matrix, fold_config,
                                    prf_from_confusion, stratified_folds)


@pytest.mark.parametrize('k', [2, 3, 5])
@pytest.mark.parametrize('seed', [0, 7])
def test_stratified_folds(k, seed):
    labels = np.array([0] * 13 + [1] * 91 + [2] * 6)
    folds = stratified_folds(labels, k, seed)
    # Every sample is tested exactly once.
    assert sorted(i for f in folds for i in f) == list(range(len(labels)))
    for cls in range(3):
        per_fold = [int((labels[f] == cls).sum()) for f in folds]
        assert max(per_fold) - min(per_fold) <= 1  # ratio kept within one
    sizes = [len(f) for f in folds]
    assert max(sizes) - min(sizes) <= 1
    assert folds == stratified_folds(labels, k, seed)  # deterministic
    assert folds != stratified_folds(labels, k, seed + 1)


def test_stratified_folds_bad_input():
    with pytest.raises(ValueError, match='at least 2'):
        stratified_folds([0, 1], 1)
    with pytest.raises(ValueError, match='cannot make'):
        stratified_folds([0, 1], 3)


def test_confusion_and_prf():
    gt = [1, 1, 1, 0, 0, 1]
    pred = [1, 0, 1, 1, 0, 1]
    cm = confusion_matrix(gt, pred, 2)
    assert cm.tolist() == [[1, 1], [1, 3]]
    m = prf_from_confusion(cm, positive=1)
    assert m['precision'] == pytest.approx(3 / 4)
    assert m['recall'] == pytest.approx(3 / 4)
    assert m['f1'] == pytest.approx(3 / 4)
    empty = prf_from_confusion(np.zeros((2, 2), int))
    assert empty == dict(precision=0.0, recall=0.0, f1=0.0)


def test_fold_config_subsets_inside_wrappers():
    cfg = Config(dict(
        train_dataloader=dict(batch_size=2, dataset=dict(
            type='ClassBalancedDataset', oversample_thr=0.5,
            dataset=dict(type='D', ann_file='all.txt', pipeline=['train']))),
        val_dataloader=dict(batch_size=4, dataset=dict(
            type='D', ann_file='val.txt', pipeline=['test'])),
        val_evaluator=dict(type='Accuracy')))
    splits = dict(num_samples=6, test_folds=[[0, 3], [1, 4], [2, 5]])
    out = fold_config(cfg, splits, 1)
    assert out.train_dataloader.dataset.dataset.indices == [0, 2, 3, 5]
    assert out.train_dataloader.dataset.type == 'ClassBalancedDataset'
    for key in ('val_dataloader', 'test_dataloader'):
        ds = out[key].dataset
        assert ds.ann_file == 'all.txt' and ds.indices == [1, 4]
        assert ds.pipeline == ['test'] and out[key].batch_size == 4
    assert out.test_evaluator == dict(type='Accuracy')
    assert 'indices' not in cfg.train_dataloader.dataset.dataset  # copy


@pytest.mark.e2e
def test_two_fold_run(tmp_path, synthetic_root):
    work = tmp_path / 'kfold'
    args = ['tools/kfold.py',
            f'{ROOT}/configs/synthetic/resnet18_gap_20i_synth-landmine.py',
            '--work-dir', work, '--folds', '2',
            '--data-root', f'{synthetic_root / "landmine"}/',
            '--cfg-options', 'train_dataloader.dataset.ann_file=meta/all.txt',
            'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
            'default_hooks.checkpoint.interval=2']
    run_tool(*args)
    summary = json.loads((work / 'kfold_summary.json').read_text())
    splits = json.loads((work / 'splits.json').read_text())
    labels = np.array(splits['labels'])
    assert summary['complete'] and splits['num_samples'] == 60
    cm = np.array(summary['pooled']['confusion_matrix'])
    assert cm.sum() == 60  # every sample tested once over the folds
    assert cm.sum(axis=1).tolist() == np.bincount(labels).tolist()
    assert sum(f['n'] for f in summary['folds']) == 60
    for i in range(2):
        train = (work / f'fold_{i}_train.txt').read_text().splitlines()
        test = (work / f'fold_{i}_test.txt').read_text().splitlines()
        assert len(train) + len(test) == 60 and not set(train) & set(test)
    # Rerun: both folds are skipped, the summary is the same.
    proc = run_tool(*args)
    assert proc.stdout.count('already finished, skipped') == 2
    again = json.loads((work / 'kfold_summary.json').read_text())
    assert again == summary
