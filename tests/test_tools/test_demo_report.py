"""tools/demo.py's stage progress and trivial baselines."""

import importlib.util
import os.path as osp

import pytest
from conftest import ROOT, run_tool


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


def test_demo_configs_schedule_over_max_iters():
    """Each demo model's learning-rate schedule ends with its training."""
    from mmengine.config import Config

    for row in demo().DEMOS:
        cfg = Config.fromfile(osp.join(ROOT, row.config))
        max_iters = cfg.train_cfg.max_iters
        assert cfg.train_cfg.val_interval == max_iters
        assert max(s['end'] for s in cfg.param_scheduler) == max_iters
        assert all(not s.get('by_epoch', True) for s in cfg.param_scheduler)
        assert cfg.default_hooks.checkpoint.interval == max_iters
        assert osp.isfile(osp.join(ROOT, row.quick))


@pytest.mark.e2e
def test_quick_demo_and_report(synthetic_root, abmil_data, tmp_path):
    """`tools/demo.py --quick`: every method's smoke config trains and
    tests; the report shows predictions and a loss curve for each. Two
    iterations each (``--max-iters``): what this checks is the runner and
    its report; each method's train -> checkpoint -> tools/test.py with
    learning is checked by its own e2e tests."""
    import re

    import cv2

    from mmir.utils.fileio import read_json

    work = tmp_path / 'demo'
    proc = run_tool(
        'tools/demo.py',
        '--quick',
        '--max-iters',
        2,
        '--data-root',
        synthetic_root,
        '--work-dir',
        work,
        # five trainings in one process: the default 900 s ran out once
        # with the CPU shared with another training (a hang guard only)
        timeout=1800,
    )
    runs = read_json(str(work / 'demo.json'))
    assert [r['panel'] for r in runs] == [
        'instances',
        'sequence',
        'landslides',
        'abmil',
        'multiband',
    ]
    for r in runs:
        assert r['shown'] and set(r['shown']) <= set(r['metrics'])
        assert osp.isfile(osp.join(r['work_dir'], 'iter_2.pth'))
        assert not osp.exists(osp.join(r['work_dir'], 'iter_4.pth'))
    assert 'no predictions shown' not in proc.stdout, proc.stdout
    page = (work / 'report.html').read_text()
    images = re.findall(r'<img src="([^"]+)"', page)
    # per model a loss curve and its prediction tiles
    for r in runs:
        mine = [i for i in images if i.startswith(f'report/{r["name"]}/')]
        assert f'report/{r["name"]}/loss.png' in mine
        assert len(mine) >= 2, (r['name'], mine)
    for img in images:
        assert cv2.imread(str(work / img)) is not None, img
    montage = cv2.imread(str(work / 'report.png'))
    assert montage is not None and montage.shape[0] > 5 * 200


def test_max_iters_must_be_positive(capsys):
    with pytest.raises(SystemExit) as exit_info:
        demo().main(['--max-iters', '0'])
    assert exit_info.value.code == 2
    assert '--max-iters must be >= 1, got 0' in capsys.readouterr().err
