import json

import numpy as np
import pytest
from conftest import ROOT, run_tool
from mmengine.config import Config

from mmir.experiments.kfold import (
    confusion_matrix,
    fold_config,
    prf_from_confusion,
    stratified_folds,
)


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
    cfg = Config(
        dict(
            train_dataloader=dict(
                batch_size=2,
                dataset=dict(
                    type='ClassBalancedDataset',
                    oversample_thr=0.5,
                    dataset=dict(
                        type='D', ann_file='all.txt', pipeline=['train']
                    ),
                ),
            ),
            val_dataloader=dict(
                batch_size=4,
                dataset=dict(type='D', ann_file='val.txt', pipeline=['test']),
            ),
            val_evaluator=dict(type='Accuracy'),
        )
    )
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
    args = [
        'tools/kfold.py',
        f'{ROOT}/configs/synthetic/resnet18-gap_1xb4-20i_synth-landmine.py',
        '--work-dir',
        work,
        '--folds',
        '2',
        '--data-root',
        f'{synthetic_root / "landmine"}/',
        '--cfg-options',
        'train_dataloader.dataset.ann_file=meta/all.txt',
        'train_cfg.max_iters=2',
        'train_cfg.val_interval=2',
        'default_hooks.checkpoint.interval=2',
    ]
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


# ------------------------------------------ SMOTE inside folds, held-out test
EFFNET = (
    f'{ROOT}/configs/effnetv2_svm/'
    'effnetv2-b0-svm_c0.1_1xb8-20i_synth-multiband.py'
)


def _multiband_cfg(synthetic_root, **keys):
    from mmir.utils.config_check import load_config, override_data_root

    cfg = load_config(EFFNET)
    override_data_root(cfg, f'{synthetic_root / "multiband"}/')
    cfg.merge_from_dict(keys)
    return cfg


def _ids(ds_cfg):
    import csv
    import os.path as osp

    path = ds_cfg['ann_file']
    if not osp.isabs(path):
        path = osp.join(ds_cfg['data_root'], path)
    rows = list(csv.DictReader(open(path)))
    indices = ds_cfg.get('indices')
    return (
        [rows[i]['id'] for i in indices]
        if indices is not None
        else [r['id'] for r in rows]
    )


def test_smote_inside_folds_never_crosses_the_validation_part(
    tmp_path, synthetic_root
):
    """No synthetic sample in any validation fold, and no synthetic sample
    trained on in a fold whose anchor or neighbour is in that fold's
    validation part; each fold's training part is balanced on its own."""
    import csv

    from mmir.experiments.kfold import make_splits, smote_fold

    cfg = _multiband_cfg(
        synthetic_root, kfold_smote=dict(target_ratio=1.0, k=3)
    )
    splits = make_splits(cfg, 3, 0, str(tmp_path))
    all_ids = _ids(cfg.train_dataloader.dataset)
    for fold in range(3):
        ann = smote_fold(
            cfg, splits, fold, tmp_path / f'fold_{fold}' / 'smote'
        )
        out = fold_config(cfg, splits, fold, ann)
        val_ids = set(_ids(out.val_dataloader.dataset))
        assert val_ids == {all_ids[i] for i in splits['test_folds'][fold]}
        assert _ids(out.test_dataloader.dataset) == _ids(
            out.val_dataloader.dataset
        )
        assert not any('_smote' in i for i in val_ids)
        train_rows = list(csv.DictReader(open(ann)))
        train_ids = [r['id'] for r in train_rows]
        originals = [i for i in train_ids if '_smote' not in i]
        assert set(originals) == set(all_ids) - val_ids
        records = list(
            csv.DictReader(
                open(tmp_path / f'fold_{fold}' / 'smote' / 'records.csv')
            )
        )
        synthetic = [i for i in train_ids if '_smote' in i]
        assert len(records) == len(synthetic) > 0
        for rec in records:
            assert rec['anchor'] not in val_ids
            assert rec['neighbour'] not in val_ids
        labels = [int(r['label']) for r in train_rows]
        assert labels.count(1) == labels.count(0)  # ratio 1 in this fold
        assert out.train_dataloader.dataset.ann_file == ann
        assert 'indices' not in out.train_dataloader.dataset


def test_fold_config_keeps_best_and_tests_the_heldout_set(synthetic_root):
    cfg = _multiband_cfg(synthetic_root)
    assert cfg.kfold_save_best == 'binary/f1' and cfg.kfold_heldout_test
    splits = dict(
        num_samples=80,
        test_folds=[list(range(0, 80, 2)), list(range(1, 80, 2))],
    )
    out = fold_config(cfg, splits, 0)
    assert out.default_hooks.checkpoint.save_best == 'binary/f1'
    assert out.default_hooks.checkpoint.rule == 'greater'
    heldout = out.extra_test_sets['heldout']
    assert heldout.ann_file == 'test.csv' and 'indices' not in heldout
    assert out.test_dataloader.dataset.ann_file == 'train.csv'


def test_heldout_ensemble_averages_the_fold_models_scores(tmp_path):
    import pickle

    from mmir.experiments.kfold import summarize_kfold

    gt = [1, 1, 0, 0]
    fold_scores = [
        [0.4, 0.9, 0.2, 0.6],  # p(positive) of fold 0's model
        [0.8, 0.4, 0.3, 0.3],
    ]  # fold 1's model
    for i, ps in enumerate(fold_scores):
        d = tmp_path / f'fold_{i}' / 'test_heldout'
        d.mkdir(parents=True)
        preds = [
            dict(
                gt_label=np.array([g]),
                pred_score=np.array([1 - p, p]),
                pred_label=np.array([int(p > 0.5)]),
            )
            for g, p in zip(gt, ps)
        ]
        pickle.dump(preds, open(d / 'predictions.pkl', 'wb'))
    splits = dict(k=2, seed=0, test_folds=[[0], [1]])
    summary = summarize_kfold(str(tmp_path), splits, 2)
    held = summary['heldout']
    # fold 0: TP 1, FP 1, FN 1; fold 1: TP 1, FP 0, FN 1
    assert [r['f1'] for r in held['folds']] == pytest.approx([0.5, 2 / 3])
    # mean p = 0.6, 0.65, 0.25, 0.45: both positives found, no false alarm
    assert held['ensemble']['f1'] == 1.0
    assert held['ensemble']['confusion_matrix'] == [[2, 0], [0, 2]]
    assert 'ensemble of 2' in (tmp_path / 'kfold_summary.md').read_text()


def test_smote_list_as_kfold_ann_file_warns_of_the_leak(
    tmp_path, synthetic_root
):
    import shutil

    from mmir.experiments.kfold import run_kfold

    root = tmp_path / 'multiband'
    # without the SMOTE folder other tests of the session may have written
    shutil.copytree(
        synthetic_root / 'multiband',
        root,
        ignore=shutil.ignore_patterns('smote', 'band_stats'),
    )
    run_tool('tools/dataset_converters/smote_ssim.py', root, '--n-syn', '1')
    lines = []
    run_kfold(
        EFFNET,
        str(tmp_path / 'work'),
        k=2,
        folds=[],
        data_root=f'{root}/',
        printer=lines.append,
        cfg_options={'kfold_ann_file': 'smote/train_smote.csv'},
    )
    assert any('SMOTE samples' in ln and 'kfold_smote' in ln for ln in lines)
    lines.clear()  # the original list: no warning
    run_kfold(
        EFFNET,
        str(tmp_path / 'work2'),
        k=2,
        folds=[],
        data_root=f'{root}/',
        printer=lines.append,
    )
    assert not any('SMOTE samples' in ln for ln in lines)


@pytest.mark.e2e
def test_two_fold_smote_best_weights_and_heldout_ensemble(
    tmp_path, synthetic_root
):
    """tools/kfold.py with SMOTE inside the folds: each fold fits its SVM on
    its best weights and predicts the held-out test.csv; the summary has
    each fold model and the ensemble on it."""
    work = tmp_path / 'kfold'
    run_tool(
        'tools/kfold.py',
        EFFNET,
        '--work-dir',
        work,
        '--folds',
        '2',
        '--data-root',
        f'{synthetic_root / "multiband"}/',
        '--cfg-options',
        'kfold_smote.target_ratio=1.0',
        'train_cfg.max_iters=4',
        'train_cfg.val_interval=2',
        'default_hooks.checkpoint.interval=2',
    )
    summary = json.loads((work / 'kfold_summary.json').read_text())
    assert summary['complete'] and summary['pooled']['n'] == 80
    held = summary['heldout']
    assert [r['n'] for r in held['folds']] == [20, 20]
    assert held['ensemble']['n'] == 20 and held['ensemble']['num_models'] == 2
    for i in range(2):
        info = json.loads((work / f'fold_{i}' / 'classifier.json').read_text())
        assert 'best_binary_f1' in info['fitted_on']
        n_smote = (
            len(
                (work / f'fold_{i}' / 'smote' / 'train_smote.csv')
                .read_text()
                .splitlines()
            )
            - 1
        )
        assert info['num_samples'] == n_smote > 40  # originals + synthetic
