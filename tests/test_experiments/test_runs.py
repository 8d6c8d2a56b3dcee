"""run_experiment's outcomes with stand-ins for the train and test entry
points (real runs are covered by the grid and k-fold tests)."""

import json
import sys

import mmir.experiments.runs as runs
from mmir.experiments.runs import RunSpec, run_experiment

# what the train entry point prints when InvalidLossHook stops a run
NAN_TRAIN = """
import sys
print("Epoch(train)  [1][ 5/24]  lr: 1e-2  eta: 0:01:00  time: 1.0  loss: 2.5")
print("Epoch(train)  [2][10/24]  lr: 1e-2  eta: 0:00:50  time: 1.0  loss: 3.5")
sys.stdout.flush()
print("error: the training loss became nan at epoch 2 iter 11/24", file=sys.stderr)
sys.exit(1)
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
    def command(spec, step, *args):
        code = train if step == 'train' else test
        return [sys.executable, '-c', code, *args]

    monkeypatch.setattr(runs, 'entrypoint_command', command)


def test_diverged_training_is_stopped_and_reported(tmp_path, monkeypatch):
    _fake_tools(monkeypatch, NAN_TRAIN)
    seen = []
    result = run_experiment(
        RunSpec('c.py', str(tmp_path)), lambda *a: seen.append(a)
    )
    assert result['status'] == 'failed'
    assert result['error'] == (
        'train: the training loss became nan at epoch 2 iter 11/24 (stopped)'
    )
    assert seen == [(1, 5, 24, '0:01:00'), (2, 10, 24, '0:00:50')]
    assert (
        json.loads((tmp_path / 'result.json').read_text())['error']
        == result['error']
    )


def test_empty_metrics_are_a_failure_not_an_empty_row(tmp_path, monkeypatch):
    _fake_tools(monkeypatch, GOOD_TRAIN, EMPTY_TEST)
    result = run_experiment(RunSpec('c.py', str(tmp_path)))
    assert result['status'] == 'failed'
    assert result['error'].startswith(
        'test: the evaluator reported no metrics'
    )


def test_entrypoint_commands_are_importable_modules():
    """Runs start ``python -m mmir.entrypoints.<step>``, under torchrun or
    srun for distributed training; nothing locates tools/."""
    import importlib

    spec = RunSpec('c.py', 'w', launcher='pytorch', nproc=4)
    cmd = runs.entrypoint_command(spec, 'train', 'c.py')
    assert cmd[1:3] == ['-m', 'torch.distributed.run']
    assert cmd[cmd.index('--nproc_per_node=4') + 2 :][:3] == [
        '-m',
        'mmir.entrypoints.train',
        'c.py',
    ]
    assert cmd[-2:] == ['--launcher', 'pytorch']
    slurm = RunSpec('c.py', 'w', launcher='slurm', nproc=8, srun_args=['-p'])
    cmd = runs.entrypoint_command(slurm, 'train', 'c.py')
    assert cmd[:3] == ['srun', '--ntasks=8', '-p']
    assert cmd[4:7] == ['-u', '-m', 'mmir.entrypoints.train']
    # testing is one process whatever the launcher
    assert runs.entrypoint_command(spec, 'test', 'c.py', 'x.pth') == [
        sys.executable,
        '-m',
        'mmir.entrypoints.test',
        'c.py',
        'x.pth',
    ]
    for module in runs.ENTRYPOINTS.values():
        assert callable(importlib.import_module(module).main)
