import json

import numpy as np
import pytest
from conftest import write_fake_run

from mmir.experiments.plots import plot_confusion, plot_curves, plot_dir

PNG = b'\x89PNG\r\n\x1a\n'


def test_curves_and_confusion_are_png(tmp_path):
    write_fake_run(tmp_path / 'run')
    out = plot_curves(tmp_path / 'run', str(tmp_path / 'c.png'), title='x')
    assert open(out, 'rb').read(8) == PNG
    cm = plot_confusion(
        np.array([[3, 1], [0, 5]]), str(tmp_path / 'cm.png'), ['neg', 'pos']
    )
    assert open(cm, 'rb').read(8) == PNG
    assert plot_curves(tmp_path / 'empty', str(tmp_path / 'e.png')) is None


def test_plot_dir_on_kfold_folder(tmp_path):
    for i in range(2):
        write_fake_run(tmp_path / f'fold_{i}')
        (tmp_path / f'fold_{i}' / 'result.json').write_text(
            json.dumps(dict(status='failed', config=None))
        )
    (tmp_path / 'kfold_summary.json').write_text(
        json.dumps(dict(pooled=dict(n=9, confusion_matrix=[[3, 1], [0, 5]])))
    )
    written = plot_dir(str(tmp_path), overlays=0)
    assert len(written) == 3
    assert all(open(p, 'rb').read(8) == PNG for p in written)


@pytest.mark.e2e
def test_segmentation_run_gets_curves_and_overlays(tmp_path, synthetic_root):
    from conftest import ROOT

    from mmir.experiments.runs import RunSpec, run_experiment

    spec = RunSpec(
        config=f'{ROOT}/configs/synthetic/fcn_r18-d8_1xb2-20i_synth-landslide.py',
        work_dir=str(tmp_path / 'seg'),
        data_root=f'{synthetic_root / "landslide_seg"}/',
        cfg_options=[
            'train_cfg.max_iters=2',
            'train_cfg.val_interval=2',
            'default_hooks.checkpoint.interval=2',
            'default_hooks.logger.interval=1',
        ],
    )
    seen = []
    result = run_experiment(spec, lambda *a: seen.append(a))
    assert result['status'] == 'ok', result
    assert seen[-1][1:3] == (2, 2)  # progress: iteration 2 of 2
    assert 'mIoU' in result['metrics'] and result['params'] > 1e6
    written = plot_dir(str(tmp_path / 'seg'), overlays=2)
    overlays = [p for p in written if '_overlays' in p]
    assert len(overlays) == 2 and any(
        p.endswith('_curves.png') for p in written
    )
    assert all(open(p, 'rb').read(8) == PNG for p in written)
