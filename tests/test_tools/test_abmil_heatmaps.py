"""tools/analysis_tools/abmil_heatmaps.py on CNN and ViT ABMIL models."""

import csv

import cv2
import pytest
import torch
from conftest import ROOT, run_tool
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

TINY = f'{ROOT}/configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py'
VIT_BASE = (
    f'{ROOT}/configs/abmil/_base_/abmil-paper_100e_synth-landmine_input-224.py'
)
VIT = f"""_base_ = '{VIT_BASE}'
model = dict(
    type='ImageClassifier',
    backbone=dict(type='VisionTransformer', arch='deit-tiny', img_size=224,
                  patch_size=16, out_type='featmap'),
    neck=dict(type='ABMILPooling', in_channels=192, hidden_channels=32),
    head=dict(type='BinaryLinearClsHead', in_channels=192))
"""


def _checkpoint(config, path):
    import mmir.cls  # noqa: F401

    cfg = Config.fromfile(config)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model)
    torch.save(dict(state_dict=model.state_dict()), path)


@pytest.mark.parametrize('kind', ['cnn', 'vit'])
def test_heatmaps(kind, tmp_path, synthetic_root):
    config = TINY
    if kind == 'vit':
        config = tmp_path / 'vit.py'
        config.write_text(VIT)
    ckpt = tmp_path / 'model.pth'
    _checkpoint(str(config), ckpt)
    out = tmp_path / 'maps'
    root = synthetic_root / 'landmine'
    run_tool(
        'tools/analysis_tools/abmil_heatmaps.py',
        config,
        ckpt,
        '--ann-file',
        'meta/val.txt',
        '--data-root',
        root,
        '--num',
        2,
        '--out-dir',
        out,
    )
    with open(out / 'heatmaps.csv') as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2
    size = (256, 336) if kind == 'cnn' else (224, 224)
    for row in rows:
        assert 0 < float(row['p_positive']) < 1
        outputs = row['outputs'].split()
        assert [o.rsplit('_', 1)[-1] for o in outputs] == [
            'attention.png',
            'gradcam.png',
        ]
        for o in outputs:
            img = cv2.imread(o)
            assert img is not None and img.shape[:2] == size


def test_heatmaps_bad_layer(tmp_path, synthetic_root):
    ckpt = tmp_path / 'model.pth'
    _checkpoint(TINY, ckpt)
    proc = run_tool(
        'tools/analysis_tools/abmil_heatmaps.py',
        TINY,
        ckpt,
        '--images',
        synthetic_root / 'landmine/images/000000.jpg',
        '--target-layer',
        'backbone.nope',
        check=False,
    )
    assert proc.returncode == 2 and 'backbone.nope' in proc.stderr
