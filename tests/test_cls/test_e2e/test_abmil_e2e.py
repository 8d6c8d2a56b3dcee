"""End to end on the synthetic landmine set: the tiny ABMIL config trains,
its checkpoint tests with tools/test.py, and a 2-fold grid row runs with
the spurious-feature test set of each fold."""

import json
import pickle

import numpy as np
import pytest
from conftest import ROOT, run_tool

CONFIG = f'{ROOT}/configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py'
SHORT = [
    'train_cfg.max_iters=2',
    'train_cfg.val_interval=2',
    'default_hooks.checkpoint.interval=2',
]


@pytest.fixture(scope='module')
def landmine(abmil_data):
    return abmil_data['landmine']


@pytest.mark.e2e
def test_train_then_test(tmp_path, landmine):
    work = tmp_path / 'run'
    run_tool(
        'tools/train.py',
        CONFIG,
        '--work-dir',
        work,
        '--data-root',
        f'{landmine}/',
        '--cfg-options',
        *SHORT,
    )
    ckpt = work / 'iter_2.pth'
    assert ckpt.is_file()
    proc = run_tool(
        'tools/test.py',
        CONFIG,
        ckpt,
        '--work-dir',
        tmp_path / 'test',
        '--data-root',
        f'{landmine}/',
    )
    assert 'binary/precision' in proc.stdout + proc.stderr
    metrics = json.loads(
        next((tmp_path / 'test').glob('*/*.json')).read_text()
    )
    assert metrics['binary/num_samples'] == 12  # meta/val.txt
    assert 0 <= metrics['binary/recall'] <= 1


@pytest.mark.e2e
def test_two_fold_grid_with_synthetic_negatives(tmp_path, landmine):
    work = tmp_path / 'grid'
    run_tool(
        'tools/run_grid.py',
        CONFIG,
        '--work-dir',
        work,
        '--kfold',
        2,
        '--data-root',
        f'{landmine}/',
        '--no-plots',
        '--cfg-options',
        *SHORT,
    )
    row_dir = work / 'resnet18-abmil_1xb4-20i_synth-landmine'
    summary = json.loads((row_dir / 'kfold_summary.json').read_text())
    splits = json.loads((row_dir / 'splits.json').read_text())
    assert summary['complete']
    assert np.array(summary['pooled']['confusion_matrix']).sum() == 60
    pairs = {
        line.split()[1]
        for line in (landmine / 'inpainted' / 'pairs.txt')
        .read_text()
        .splitlines()
    }
    fps = 0
    for i, test in enumerate(splits['test_folds']):
        # The fold's synthetic negatives: copies of its test positives only.
        positives = {
            splits['paths'][j] for j in test if splits['labels'][j] == 1
        }
        expected = {
            p for p in positives if p.split(str(landmine) + '/')[-1] in pairs
        }
        metrics = json.loads(
            (row_dir / f'fold_{i}' / 'result.json').read_text()
        )['metrics']
        n = metrics['synthetic_negatives/binary/num_samples']
        assert n == len(expected) > 0
        assert metrics['synthetic_negatives/binary/tp'] == 0
        fps += metrics['synthetic_negatives/binary/fp']
    extra = summary['extra_test_sets']['synthetic_negatives']
    assert extra['predicted_positive'] == fps and extra['folds'] == 2
    table = (work / 'results.md').read_text()
    header = table.splitlines()[0]
    assert header.startswith(
        '| config | Precision | Recall | F1-score | FP (synthetic negatives) |'
    )
    assert f'| {int(fps)} |' in table.splitlines()[2]


@pytest.mark.e2e
def test_masati_row_with_sea_and_synthetic_sets(tmp_path, abmil_data):
    work = tmp_path / 'grid'
    config = f'{ROOT}/configs/abmil/resnet18-abmil_1xb4-20i_synth-masati.py'
    run_tool(
        'tools/run_grid.py',
        config,
        '--work-dir',
        work,
        '--data-root',
        f'{abmil_data["masati"]}/',
        '--no-plots',
        '--cfg-options',
        *SHORT,
    )
    run = work / 'resnet18-abmil_1xb4-20i_synth-masati'
    metrics = json.loads((run / 'result.json').read_text())['metrics']
    assert metrics['sea/binary/num_samples'] == 12  # every "Sea" image
    test = (abmil_data['masati'] / 'mmir_ann' / 'test.txt').read_text()
    positives = sum(line.endswith(' 1') for line in test.splitlines())
    # The ship-free copies of the test positives only.
    assert metrics['synthetic_negatives/binary/num_samples'] == positives
    for name in ('sea', 'synthetic_negatives'):
        preds = pickle.loads(
            (run / f'test_{name}' / 'predictions.pkl').read_bytes()
        )
        fp = sum(int(p['pred_label'][0]) == 1 for p in preds)
        assert metrics[f'{name}/binary/fp'] == fp
    header = (work / 'results.md').read_text().splitlines()[0]
    assert 'FP (Sea) | FP (synthetic) |' in header
