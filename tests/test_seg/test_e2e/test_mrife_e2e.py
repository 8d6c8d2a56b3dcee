"""End to end on the synthetic landslide set: the tiny MRIFE config trains
two iterations, its checkpoint (with the EMA teacher) tests with
tools/test.py."""

import json

import pytest
import torch
from conftest import ROOT, run_tool

CONFIG = (
    f'{ROOT}/configs/mrife/mrife_r18-d8-aspp-se_1xb2-20i_synth-landslide.py'
)


@pytest.mark.e2e
def test_train_then_test(tmp_path, synthetic_root):
    work = tmp_path / 'run'
    data = f'{synthetic_root}/landslide_seg/'
    run_tool(
        'tools/train.py',
        CONFIG,
        '--work-dir',
        work,
        '--data-root',
        data,
        '--cfg-options',
        'train_cfg.max_iters=2',
        'train_cfg.val_interval=2',
        'default_hooks.checkpoint.interval=2',
    )
    ckpt = work / 'iter_2.pth'
    state = torch.load(ckpt, map_location='cpu', weights_only=False)[
        'state_dict'
    ]
    student = {k[8:]: v for k, v in state.items() if k.startswith('student.')}
    teacher = {k[8:]: v for k, v in state.items() if k.startswith('teacher.')}
    assert student.keys() == teacher.keys() and student
    # The teacher is saved apart from the student (it only moved 0.4 % of
    # the way towards the student per step).
    name = 'backbone.stem.0.weight'
    assert not torch.equal(student[name], teacher[name])
    proc = run_tool(
        'tools/test.py',
        CONFIG,
        ckpt,
        '--work-dir',
        tmp_path / 'test',
        '--data-root',
        data,
    )
    assert 'lIoU' in proc.stdout + proc.stderr
    metrics = json.loads(
        next((tmp_path / 'test').glob('*/*.json')).read_text()
    )
    assert set(metrics) >= {'PA', 'Precision', 'Recall', 'F1', 'lIoU', 'mIoU'}
    assert 0 <= metrics['PA'] <= 100
    # Figs. 5, 7, 8: Grad-CAM per branch of the trained checkpoint
    out = tmp_path / 'cam'
    proc = run_tool(
        'tools/analysis_tools/seg_gradcam.py',
        CONFIG,
        ckpt,
        '--num',
        '2',
        '--out-dir',
        out,
        '--data-root',
        data,
    )
    assert 'segmentation=neck.se' in proc.stdout
    assert 'enhancement=teacher.neck.se' in proc.stdout
    import cv2

    for n in range(2):
        row = cv2.imread(str(out / f'{n}_row.png'))
        single = cv2.imread(str(out / f'{n}_fused.png'))
        assert row.shape[1] == 5 * single.shape[1]  # input, label, 3 maps
        assert (out / f'{n}_segmentation.png').is_file()
        assert (out / f'{n}_enhancement.png').is_file()
    bad = run_tool(
        'tools/analysis_tools/seg_gradcam.py',
        CONFIG,
        ckpt,
        '--layers',
        'x=neck.nothing',
        '--data-root',
        data,
        '--out-dir',
        out,
        check=False,
    )
    assert bad.returncode == 2 and 'neck.nothing' in bad.stderr
