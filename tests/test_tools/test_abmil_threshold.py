"""abmil_threshold.py on the validation split, then abmil_heatmaps.py on a
folder with the chosen threshold: each decision is p >= threshold."""

import csv
import json

import cv2
import torch
from conftest import ROOT, run_tool
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

TINY = f'{ROOT}/configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py'


def test_threshold_then_decisions(tmp_path, abmil_data):
    import mmir.cls  # noqa: F401

    cfg = Config.fromfile(TINY)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model)
    ckpt = tmp_path / 'model.pth'
    torch.save(dict(state_dict=model.state_dict()), ckpt)
    root = abmil_data['landmine']
    proc = run_tool(
        'tools/analysis_tools/abmil_threshold.py',
        TINY,
        ckpt,
        '--data-root',
        root,
        '--target-fpr',
        0.5,
        '--out-dir',
        tmp_path / 'op',
    )
    result = json.loads((tmp_path / 'op/threshold.json').read_text())
    assert result['fpr'] <= 0.5 and result['split'] == 'val'
    assert f'model.head.threshold={result["threshold"]:.6g}' in proc.stdout
    assert cv2.imread(str(tmp_path / 'op/roc_pr.png')) is not None
    # the validation images as a folder of the user's own images
    images = tmp_path / 'images'
    images.mkdir()
    val = (root / 'mmir_ann/val.txt').read_text().split('\n')[:3]
    for line in val:
        src = root / line.split()[0]
        (images / src.name).write_bytes(src.read_bytes())
    run_tool(
        'tools/analysis_tools/abmil_heatmaps.py',
        TINY,
        ckpt,
        '--images',
        images,
        '--method',
        'attention',
        '--threshold-file',
        tmp_path / 'op/threshold.json',
        '--out-dir',
        tmp_path / 'maps',
    )
    rows = list(csv.DictReader(open(tmp_path / 'maps/heatmaps.csv')))
    assert len(rows) == 3
    for row in rows:
        p = float(row['p_positive'])
        assert int(row['positive']) == int(p >= result['threshold'])
