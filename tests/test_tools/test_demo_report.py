"""tools/demo.py's stage progress and trivial baselines."""

import importlib.util
import os.path as osp

import pytest
from conftest import ROOT


def demo():
    spec = importlib.util.spec_from_file_location(
        'demo', osp.join(ROOT, 'tools/demo.py')
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_progress_is_the_last_logged_iteration(tmp_path):
    log = tmp_path / 'train.log'
    log.write_text(
        'mmengine - INFO - Iter(train) [ 5/20]  lr: 1e-3\n'
        'mmengine - INFO - Iter(train) [10/20]  lr: 1e-3\n'
        'noise\n'
    )
    assert demo()._last_progress(str(log)) == (10, 20)
    assert demo()._last_progress(str(tmp_path / 'missing.log')) is None


def test_trivial_predictors():
    # 3 positives, 7 negatives: always positive -> F1 = 6 / 13
    metrics = {
        'binary/f1': 0.5,
        'binary/tp': 1.0,
        'binary/fn': 2.0,
        'binary/fp': 1.0,
        'binary/tn': 6.0,
        'accuracy/top1': 70.0,
        'dim/f1': 0.4,
    }
    out = demo().trivial(metrics, 'unused.py', 'unused/')
    assert out['binary/f1'] == pytest.approx(6 / 13)
    assert out['accuracy/top1'] == pytest.approx(70.0)  # always negative
    assert out['dim/f1'] == 0.0  # no detections
