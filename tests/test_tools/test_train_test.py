"""End to end, as a user runs it: tools/train.py -> checkpoint ->
tools/test.py -> metrics, and resume, for each toolbox."""

import glob
import json
import os.path as osp
import pickle
import re
import sys

import pytest
import torch
from conftest import ROOT, run_tool

CASES = {
    'mmdet': (
        'configs/synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py',
        'ir_instance',
        'coco/bbox_mAP',
    ),
    'mmseg': (
        'configs/synthetic/fcn_r18-d8_1xb2-20i_synth-landslide.py',
        'landslide_seg',
        'mIoU',
    ),
    'mmpretrain': (
        'configs/synthetic/resnet18-gap_1xb4-20i_synth-landmine.py',
        'landmine',
        'accuracy/top1',
    ),
}


# two validation and test images: the flow is checked here, not the scores
FEW = ['val_dataloader.dataset.indices=2', 'test_dataloader.dataset.indices=2']


def _short(max_iters):
    return [
        '--cfg-options',
        f'train_cfg.max_iters={max_iters}',
        'train_cfg.val_interval=2',
        'default_hooks.checkpoint.interval=2',
        'default_hooks.logger.interval=1',
        *FEW,
    ]


def _train_iters(log_text):
    return [int(m) for m in re.findall(r'Iter\(train\) \[\s*(\d+)/', log_text)]


@pytest.mark.e2e
@pytest.mark.parametrize('scope', sorted(CASES))
def test_train_checkpoint_test_resume(tmp_path, synthetic_root, scope):
    config, dataset, key_metric = CASES[scope]
    data = ['--data-root', f'{synthetic_root / dataset}/']
    work = tmp_path / 'work'

    run_tool('tools/train.py', config, '--work-dir', work, *data, *_short(2))
    ckpt = work / 'iter_2.pth'
    assert ckpt.is_file()
    # the train entry point adds InvalidLossHook to every run
    (dumped,) = glob.glob(str(work / '*.py'))
    assert "type='InvalidLossHook'" in open(dumped).read()
    assert (work / 'last_checkpoint').read_text().strip() == str(ckpt)

    out = tmp_path / 'preds.pkl'
    show = tmp_path / 'show'
    run_tool(
        'tools/test.py',
        config,
        ckpt,
        '--work-dir',
        tmp_path / 'test',
        '--out',
        out,
        '--show-dir',
        show,
        *data,
        '--cfg-options',
        *FEW,
    )
    metrics_files = glob.glob(str(tmp_path / 'test' / '*' / '*.json'))
    assert len(metrics_files) == 1
    metrics = json.loads(open(metrics_files[0]).read())
    assert isinstance(metrics[key_metric], float)
    assert all(isinstance(v, (int, float)) for v in metrics.values())
    with open(out, 'rb') as f:
        preds = pickle.load(f)
    assert len(preds) == 2
    pngs = glob.glob(str(show / '**' / '*.png'), recursive=True)
    assert pngs and all(
        open(p, 'rb').read(8) == b'\x89PNG\r\n\x1a\n' for p in pngs
    )

    # Resume from the saved checkpoint: the iteration count continues.
    proc = run_tool(
        'tools/train.py',
        config,
        '--work-dir',
        work,
        *data,
        '--resume',
        *_short(4),
    )
    logs = sorted(glob.glob(str(work / '*' / '*.log')), key=osp.getmtime)
    assert _train_iters(open(logs[-1]).read()) == [3, 4], proc.stdout[-2000:]
    assert 'resumed' in open(logs[-1]).read().lower()
    meta = torch.load(
        work / 'iter_4.pth', map_location='cpu', weights_only=True
    )['meta']
    assert meta['iter'] == 4


@pytest.mark.e2e
def test_distributed_two_cpu_processes(tmp_path, synthetic_root):
    config, dataset, _ = CASES['mmpretrain']
    work = tmp_path / 'ddp'
    proc = run_tool(
        '-m',
        'torch.distributed.run',
        '--nproc_per_node=2',
        '--master_port=29533',
        'tools/train.py',
        config,
        '--launcher',
        'pytorch',
        '--work-dir',
        work,
        '--data-root',
        f'{synthetic_root / dataset}/',
        *_short(2),
    )
    log = open(glob.glob(str(work / '*' / '*.log'))[0]).read()
    assert 'Distributed training: True' in log
    assert "'backend': 'gloo'" in log
    assert (work / 'iter_2.pth').is_file(), proc.stdout[-2000:]


@pytest.mark.e2e
def test_mim_train_mmdet(tmp_path, synthetic_root):
    """`mim train mmdet CONFIG` runs mmdet's own train.py, which imports
    mmir through the config's custom_imports."""
    config, dataset, _ = CASES['mmdet']
    mim = osp.join(osp.dirname(__import__('sys').executable), 'mim')
    root = f'{synthetic_root / dataset}/'
    proc = run_tool(
        mim,
        'train',
        'mmdet',
        osp.join(ROOT, config),
        '--gpus',
        '0',
        '--work-dir',
        tmp_path / 'mim',
        '--cfg-options',
        'train_cfg.max_iters=1',
        f'train_dataloader.dataset.data_root={root}',
        'val_cfg=None',
        'val_dataloader=None',
        'val_evaluator=None',
        'default_hooks.checkpoint.interval=1',
        executable=True,
    )
    assert (tmp_path / 'mim' / 'iter_1.pth').is_file(), proc.stdout[-3000:]


@pytest.mark.e2e
def test_training_stops_on_a_diverged_loss_in_one_line(
    tmp_path, synthetic_root
):
    """tools/train.py adds InvalidLossHook to every run; here its max_loss is
    set below any loss, so the first iteration stops the run."""
    config, dataset, _ = CASES['mmpretrain']
    diverging = tmp_path / 'diverging.py'
    diverging.write_text(
        f"_base_ = '{ROOT}/{config}'\n"
        "custom_hooks = [dict(type='InvalidLossHook', max_loss=1e-9)]\n"
    )
    work = tmp_path / 'work'
    proc = run_tool(
        'tools/train.py',
        diverging,
        '--work-dir',
        work,
        '--data-root',
        f'{synthetic_root / dataset}/',
        '--cfg-options',
        'train_cfg.max_iters=5',
        check=False,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert re.fullmatch(
        r'error: the training loss became \S+ at iter 1/5 '
        r'\(InvalidLossHook max_loss=1e-09\)',
        last,
    ), last
    assert 'Traceback' not in proc.stderr


FAKE_SRUN = r'''#!/usr/bin/env python3
"""srun stand-in: records its arguments, then runs the command as the one
task of a one-node job (or not, with SRUN_DRY=1)."""
import json, os, sys
args = sys.argv[1:]
with open(os.environ['SRUN_LOG'], 'w') as f:
    json.dump(args, f)
if os.environ.get('SRUN_DRY') == '1':
    sys.exit(0)
i = 0
while args[i].startswith('-'):
    i += 2 if args[i] == '-p' else 1
os.environ.update(SLURM_PROCID='0', SLURM_NTASKS='1', SLURM_LOCALID='0',
                  SLURM_NODELIST='node-a', MASTER_PORT='29541')
os.execvp(args[i], args[i:])
'''
FAKE_SCONTROL = '#!/bin/sh\necho 127.0.0.1\n'


@pytest.fixture
def fake_slurm(tmp_path):
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    for name, text in (('srun', FAKE_SRUN), ('scontrol', FAKE_SCONTROL)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    import os

    return dict(
        PATH=f'{bin_dir}:{os.environ["PATH"]}',
        SRUN_LOG=str(tmp_path / 'srun.json'),
        PYTHON=sys.executable,
    )


def test_slurm_scripts_compose_srun(tmp_path, fake_slurm):
    env = dict(fake_slurm, SRUN_DRY='1', GPUS='16', SRUN_ARGS='--qos=low')
    run_tool(
        'tools/slurm_train.sh',
        'gpu',
        'job1',
        'cfg.py',
        'work',
        '--amp',
        executable=True,
        env=env,
    )
    args = json.loads(open(fake_slurm['SRUN_LOG']).read())
    assert args[:2] == ['-p', 'gpu']
    for flag in (
        '--job-name=job1',
        '--gres=gpu:8',
        '--ntasks=16',
        '--ntasks-per-node=8',
        '--kill-on-bad-exit=1',
        '--qos=low',
    ):
        assert flag in args
    assert args[-4:] == [
        'cfg.py',
        '--work-dir=work',
        '--launcher=slurm',
        '--amp',
    ]
    run_tool(
        'tools/slurm_test.sh',
        'gpu',
        'job2',
        'cfg.py',
        'ckpt.pth',
        executable=True,
        env=dict(fake_slurm, SRUN_DRY='1', GPUS='0'),
    )
    args = json.loads(open(fake_slurm['SRUN_LOG']).read())
    assert not any(a.startswith('--gres') for a in args)
    assert '--ntasks=1' in args
    assert args[-3:] == ['cfg.py', 'ckpt.pth', '--launcher=slurm']


@pytest.mark.e2e
def test_slurm_train_runs_on_a_cpu_node(tmp_path, synthetic_root, fake_slurm):
    config, dataset, _ = CASES['mmpretrain']
    work = tmp_path / 'slurm'
    proc = run_tool(
        'tools/slurm_train.sh',
        'cpu',
        'tiny',
        config,
        work,
        '--data-root',
        f'{synthetic_root / dataset}/',
        *_short(2),
        executable=True,
        env=dict(fake_slurm, GPUS='0'),
    )
    log = open(glob.glob(str(work / '*' / '*.log'))[0]).read()
    assert 'Distributed training: True' in log
    assert "'backend': 'gloo'" in log
    assert (work / 'iter_2.pth').is_file(), proc.stdout[-2000:]
