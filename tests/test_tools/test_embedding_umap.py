"""tools/analysis_tools/embedding_umap.py (Tang et al., Fig. 6): the PNG
and the CSV of 2-D points, and a run killed during the extraction that
resumes to the same output."""

import csv
import os
import subprocess
import sys

import pytest
import torch
from conftest import ROOT, kill_when, run_tool

from mmir.datasets.synthetic import generate

TOOL = 'tools/analysis_tools/embedding_umap.py'
CONFIG = (
    'configs/effnetv2_svm/effnetv2-b0-svm_c0.1_1xb8-20i_synth-multiband.py'
)


def _checkpoint(path):
    """The config's model, untrained, with band statistics: what the tool
    reads of a trained checkpoint."""
    from mmengine.registry import DefaultScope
    from mmpretrain.registry import MODELS

    import mmir.cls  # noqa: F401
    from mmir.utils.config_check import load_config

    cfg = load_config(CONFIG)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model)
    bands = model.data_preprocessor.num_bands
    model.data_preprocessor.set_stats([0.0] * bands, [1.0] * bands)
    torch.save(dict(state_dict=model.state_dict(), meta={}), path)
    return path


@pytest.mark.e2e
def test_killed_umap_resumes_to_the_same_output(tmp_path):
    root = generate('multiband', str(tmp_path / 'mb'), num_images=80)
    ckpt = _checkpoint(tmp_path / 'model.pth')
    common = [TOOL, CONFIG, ckpt, '--data-root', root, '--batch-size', '1']
    run_tool(*common, '--out', tmp_path / 'ref' / 'umap.png')
    with open(tmp_path / 'ref' / 'umap.csv') as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 80 and {r['split'] for r in rows} == {'train', 'test'}
    assert sorted(os.listdir(tmp_path / 'ref')) == ['umap.csv', 'umap.png']

    out = tmp_path / 'run' / 'umap.png'
    records = tmp_path / 'run' / '.umap.png.train.jsonl'
    proc = subprocess.Popen(
        [sys.executable, *map(str, common), '--out', str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def lines():
        return sum(1 for _ in open(records)) if records.exists() else 0

    kill_when(proc, lambda: lines() >= 6)
    assert not out.exists()
    done = lines() - 1  # the manifest line (the last may be cut by the kill)
    resumed = run_tool(*common, '--out', out).stdout
    assert 'resuming: ' in resumed, resumed
    assert done - 1 <= int(resumed.split('resuming: ')[1].split()[0]) <= done
    assert sorted(os.listdir(tmp_path / 'run')) == ['umap.csv', 'umap.png']
    assert (tmp_path / 'run' / 'umap.csv').read_text() == (
        tmp_path / 'ref' / 'umap.csv'
    ).read_text()
