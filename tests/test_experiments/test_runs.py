"""run_experiment's outcomes with stand-ins for tools/train.py and
tools/test.py (real runs are covered by the grid and k-fold tests)."""

import json
import sys
import time

import mmir.experiments.runs as runs
from mmir.experiments.runs import RunSpec, run_experiment

NAN_TRAIN = """
import sys, time
print("Epoch(train)  [1][ 5/24]  lr: 1e-2  eta: 0:01:00  time: 1.0  loss: 2.5")
print("Epoch(train)  [2][10/24]  lr: 1e-2  eta: 0:00:50  time: 1.0  loss: nan  loss_cls: nan")
sys.stdout.flush()
time.sleep(120)
"""

GOOD_TRAIN = """
import os, sys
work = sys.argv[sys.argv.index("--work-dir") + 1]
open(os.path.join(work, "epoch_1.pth"), "w").write("x")
open(os.path.join(work, "last_checkpoint"), "w").write(os.path.join(work, "epoch_1.pth"))
"""

EMPTY_TEST = """
import json, os, sys
work = sys.argv[sys.argv.index("--work-dir") + 1]
os.makedirs(os.path.join(work, "t"), exist_ok=True)
json.dump({"time": 0.5, "data_time": 0.1}, open(os.path.join(work, "t", "t.json"), "w"))
"""


def _fake_tools(monkeypatch, train, test=''):
    def command(spec, script, *args):
        code = train if script == 'train.py' else test
        return [sys.executable, '-c', code, *args]

    monkeypatch.setattr(runs, '_command', command)


def test_diverged_training_is_stopped_and_reported(tmp_path, monkeypatch):
    _fake_tools(monkeypatch, NAN_TRAIN)
    seen = []
    start = time.time()
    result = run_experiment(
        RunSpec('c.py', str(tmp_path)), lambda *a: seen.append(a)
    )
    assert time.time() - start < 60  # terminated, not waited for
    assert result['status'] == 'failed'
    assert result['error'] == (
        'train: the training loss became nan at epoch 2 iter 10/24 (stopped)'
    )
    assert seen == [(1, 5, 24, '0:01:00'), (2, 10, 24, '0:00:50')]
    assert (
        json.loads((tmp_path / 'result.json').read_text())['error']
        == result['error']
    )
    assert '[mmir] stopping the run' in (tmp_path / 'train.out').read_text()


def test_empty_metrics_are_a_failure_not_an_empty_row(tmp_path, monkeypatch):
    _fake_tools(monkeypatch, GOOD_TRAIN, EMPTY_TEST)
    result = run_experiment(RunSpec('c.py', str(tmp_path)))
    assert result['status'] == 'failed'
    assert result['error'].startswith(
        'test: the evaluator reported no metrics'
    )
