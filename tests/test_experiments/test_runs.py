"""run_experiment's outcomes with stand-ins for the train and test entry
points (real runs are covered by the grid and k-fold tests)."""

import json
import sys

from conftest import ROOT

import mmir.experiments.runs as runs
from mmir.experiments.runs import RunSpec, run_experiment

CLS_CONFIG = 'configs/synthetic/resnet18-gap_1xb4-20i_synth-landmine.py'
DET_CONFIG = (
    'configs/synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py'
)

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


def test_model_complexity_counts_the_input_the_model_gets(synthetic_root):
    """Params = the model's parameter count; FLOPs = mmengine's count for
    the first test sample after the data preprocessor (here resized to
    336x256 by the test pipeline), not for some default shape."""
    from mmengine.analysis import get_model_complexity_info
    from mmengine.registry import DefaultScope
    from mmpretrain.registry import MODELS

    from mmir.utils.config_check import override_data_root

    cfg = runs.load_config(f'{ROOT}/{CLS_CONFIG}')
    override_data_root(cfg, f'{synthetic_root}/landmine/')
    out = runs.model_complexity(cfg)
    assert out['flops_error'] is None
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model).eval()
    assert out['params'] == sum(p.numel() for p in model.parameters())
    direct = get_model_complexity_info(
        model, input_shape=(3, 256, 336), show_table=False, show_arch=False
    )
    assert out['flops'] == direct['flops'] > 1e9
    wrong = get_model_complexity_info(
        model, input_shape=(3, 224, 224), show_table=False, show_arch=False
    )
    assert wrong['flops'] != out['flops']


def test_model_complexity_of_a_detector_and_without_data(synthetic_root):
    """Two-stage detectors need their data samples (bound as mmdet's
    get_flops.py does); without data the params stay and FLOPs say why."""
    from mmir.utils.config_check import override_data_root

    cfg = runs.load_config(f'{ROOT}/{DET_CONFIG}')
    override_data_root(cfg, f'{synthetic_root}/ir_instance/')
    out = runs.model_complexity(cfg)
    assert out['flops_error'] is None and out['flops'] > 1e10
    override_data_root(cfg, f'{synthetic_root}/missing/')
    missing = runs.model_complexity(cfg)
    assert missing['params'] == out['params'] and missing['flops'] is None
    assert 'missing' in missing['flops_error']
