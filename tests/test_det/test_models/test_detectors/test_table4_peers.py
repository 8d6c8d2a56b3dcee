"""Table 4 of the BNSA paper: mmdet's CondInst, BoxInst and SOLOv2 train and
test on the synthetic IR set through the same base as the BNSA configs;
SparseInst says clearly what it needs when mmdetection's projects/ is
missing."""

import json
import math
import re

import pytest
from conftest import ROOT, run_tool

PEERS = 'configs/bnsa_mask_rcnn/table4_peers'
SPARSEINST = f'{PEERS}/sparseinst_r50-iam_1xb2-100e_synth-ir-instance.py'


# The peer's config with the 640x512 frames read at 320x256 (a quarter of
# the pixels), as the smoke configs do: the model and its losses unchanged.
AT_320X256 = """_base_ = '{peer}_r50-fpn_1xb2-100e_synth-ir-instance.py'
img_scale = (320, 256)
train_pipeline = [
    dict(t, scale=img_scale) if t['type'] == 'Resize' else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, scale=img_scale) if t['type'] == 'Resize' else t
    for t in _base_.test_pipeline
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
"""


def _sparseinst_importable():
    try:
        import mmir.det.models.detectors.sparseinst  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.e2e
@pytest.mark.parametrize(
    'peer,losses,keep_all',
    [
        ('condinst', ('loss_cls', 'loss_bbox', 'loss_mask'), []),
        ('boxinst', ('loss_mask_project', 'loss_mask_pairwise'), []),
        # SOLOv2 also drops masks below mask_thr / smaller than their stride.
        (
            'solov2',
            ('loss_mask', 'loss_cls'),
            ['model.test_cfg.mask_thr=0.0', 'model.test_cfg.filter_thr=0.0'],
        ),
    ],
)
def test_peer_trains_and_tests(
    tmp_path, synthetic_root, peer, losses, keep_all
):
    config = tmp_path / f'{peer}_320x256.py'
    config.write_text(AT_320X256.format(peer=f'{ROOT}/{PEERS}/{peer}'))
    data = ['--data-root', f'{synthetic_root / "ir_instance"}/']
    work = tmp_path / 'work'
    few = [
        'train_dataloader.dataset.indices=2',
        'val_dataloader.dataset.indices=2',
        'test_dataloader.dataset.indices=2',
    ]
    run_tool(
        'tools/train.py',
        config,
        '--work-dir',
        work,
        *data,
        '--cfg-options',
        'train_cfg.max_epochs=1',
        'train_cfg.val_interval=1',
        'default_hooks.logger.interval=1',
        *few,
    )
    from mmengine.config import Config

    dumped = Config.fromfile(work / config.name)
    for loader in ('train_dataloader', 'test_dataloader'):
        dataset = dumped[loader].dataset
        while 'pipeline' not in dataset:  # inside tools/train.py's wrapper
            dataset = dataset.dataset
        (resize,) = [t for t in dataset.pipeline if t['type'] == 'Resize']
        assert tuple(resize['scale']) == (320, 256), loader
    log = next(work.glob('*/*.log')).read_text()
    for name in losses:
        values = re.findall(rf'{name}: (\S+)', log)
        assert values and all(math.isfinite(float(v)) for v in values), name
    # Barely trained: keep every prediction so that COCO metrics exist.
    run_tool(
        'tools/test.py',
        config,
        work / 'epoch_1.pth',
        '--work-dir',
        tmp_path / 'test',
        *data,
        '--cfg-options',
        *few,
        'model.test_cfg.score_thr=0.0',
        *keep_all,
    )
    metrics = json.loads(
        next((tmp_path / 'test').glob('*/*.json')).read_text()
    )
    for key in ('coco/segm_mAP', 'coco/segm_AR@100', 'coco/segm_mAP_50'):
        assert 0 <= metrics[key] <= 1, key


@pytest.mark.skipif(
    _sparseinst_importable(),
    reason='projects/SparseInst is on PYTHONPATH here',
)
def test_sparseinst_without_projects_says_what_to_do(tmp_path):
    proc = run_tool(
        'tools/train.py', SPARSEINST, '--work-dir', tmp_path, check=False
    )
    assert proc.returncode == 2
    err = proc.stderr.strip().splitlines()[-1]
    assert err.startswith(f'error: {SPARSEINST}: custom_imports')
    assert 'projects/SparseInst' in err and 'git clone -b v3.3.0' in err
    assert 'MMDET_PROJECTS_ROOT' in err


def test_sparseinst_found_through_mmdet_projects_root(tmp_path, monkeypatch):
    """MMDET_PROJECTS_ROOT puts a clone on sys.path (a fake project here)."""
    import importlib
    import sys

    pkg = tmp_path / 'projects' / 'SparseInst' / 'sparseinst'
    pkg.mkdir(parents=True)
    for d in (tmp_path / 'projects', pkg.parent):
        (d / '__init__.py').write_text('')
    (pkg / '__init__.py').write_text('LOADED = True\n')
    monkeypatch.setenv('MMDET_PROJECTS_ROOT', str(tmp_path))
    monkeypatch.setattr(sys, 'path', list(sys.path))
    before = dict(sys.modules)
    for name in [
        m
        for m in sys.modules
        if m == 'projects'
        or m.startswith('projects.')
        or m == 'mmir.det.models.detectors.sparseinst'
    ]:
        del sys.modules[name]
    try:
        module = importlib.import_module(
            'mmir.det.models.detectors.sparseinst'
        )
        assert sys.modules['projects.SparseInst.sparseinst'].LOADED
        assert sys.path[0] == str(tmp_path)
        assert module.PROJECT == 'projects.SparseInst.sparseinst'
    finally:
        sys.modules.clear()
        sys.modules.update(before)
