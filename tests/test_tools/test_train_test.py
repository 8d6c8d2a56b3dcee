"""End to end, as a user runs it: tools/train.py -> checkpoint ->
tools/test.py -> metrics, and resume, for each toolbox."""

import glob
import json
import os.path as osp
import pickle
import re

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


def _short(max_iters):
    return [
        '--cfg-options',
        f'train_cfg.max_iters={max_iters}',
        'train_cfg.val_interval=2',
        'default_hooks.checkpoint.interval=2',
        'default_hooks.logger.interval=1',
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
    )
    metrics_files = glob.glob(str(tmp_path / 'test' / '*' / '*.json'))
    assert len(metrics_files) == 1
    metrics = json.loads(open(metrics_files[0]).read())
    assert isinstance(metrics[key_metric], float)
    assert all(isinstance(v, (int, float)) for v in metrics.values())
    with open(out, 'rb') as f:
        preds = pickle.load(f)
    assert len(preds) > 0
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
