import csv
import json
import os.path as osp

import numpy as np
import pytest
import torch
from conftest import ROOT, run_tool

CONFIG = (
    'configs/effnetv2_svm/effnetv2-b0-svm_c0.1_1xb8-20i_synth-multiband.py'
)


@pytest.fixture(scope='module')
def multiband_root(synthetic_root):
    root = synthetic_root / 'multiband'
    run_tool(
        'tools/dataset_converters/smote_ssim.py',
        root,
        '--ann-file',
        'train.csv',
    )
    return root


def test_smote_tool_output(multiband_root):
    out = multiband_root / 'smote'
    rows = list(csv.DictReader(open(out / 'train_smote.csv')))
    orig = list(csv.DictReader(open(multiband_root / 'train.csv')))
    assert [r['id'] for r in rows[: len(orig)]] == [r['id'] for r in orig]
    synth = rows[len(orig) :]
    labels = [int(r['label']) for r in orig]
    # default --target-ratio 1: as many landslides as non-landslides
    assert sum(labels) + len(synth) == labels.count(0)
    for r in synth[:3]:
        a = np.load(multiband_root / r['path'])
        assert a.dtype == np.float32 and a.shape == (12, 64, 64)
    recs = list(csv.DictReader(open(out / 'records.csv')))
    assert len(recs) == len(synth)
    assert all(0.1 <= float(r['lambda']) <= 0.9 for r in recs)
    # same settings: nothing to do; other settings: refused, not replaced
    again = run_tool('tools/dataset_converters/smote_ssim.py', multiband_root)
    assert 'up to date' in again.stdout
    other = run_tool(
        'tools/dataset_converters/smote_ssim.py',
        multiband_root,
        '--n-syn',
        '1',
        check=False,
    )
    assert other.returncode == 2 and 'exists' in other.stderr
    assert len(list(csv.DictReader(open(out / 'train_smote.csv')))) == len(
        rows
    )


def test_smote_examples_figure(multiband_root, tmp_path):
    """Fig. 4: anchor / neighbour / sample rows and the class counts."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        'smote_examples', f'{ROOT}/tools/analysis_tools/smote_examples.py'
    )
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out = tmp_path / 'fig4.png'
    proc = run_tool(
        'tools/analysis_tools/smote_examples.py',
        multiband_root,
        '--num',
        '3',
        '--out',
        out,
    )
    assert out.is_file()
    orig = [
        int(r['label'])
        for r in csv.DictReader(open(multiband_root / 'train.csv'))
    ]
    both = [
        int(r['label'])
        for r in csv.DictReader(
            open(multiband_root / 'smote' / 'train_smote.csv')
        )
    ]
    counts = (
        f'{{0: {orig.count(0)}, 1: {orig.count(1)}}} -> '
        f'{{0: {both.count(0)}, 1: {both.count(1)}}}'
    )
    assert counts in proc.stdout
    # the composite stretches each band over the three images together
    a = np.zeros((12, 4, 4))
    b = np.ones((12, 4, 4)) * 10
    rgb = tool.composite([a, b, (a + b) / 2], [0, 1, 2])
    assert rgb.shape == (3, 3, 4, 4)
    assert rgb[0].max() == 0 and rgb[1].min() == 1
    assert np.allclose(rgb[2], 0.5)
    bad = run_tool(
        'tools/analysis_tools/smote_examples.py',
        multiband_root,
        '--rgb',
        'red',
        'green',
        'swir',
        check=False,
    )
    assert bad.returncode == 2 and 'swir' in bad.stderr


@pytest.mark.e2e
def test_train_svm_fit_and_test(multiband_root, tmp_path):
    work = tmp_path / 'work'
    opts = [
        '--cfg-options',
        'train_cfg.max_iters=2',
        'train_cfg.val_interval=2',
        'default_hooks.checkpoint.interval=2',
        'train_dataloader.dataset.ann_file=smote/train_smote.csv',
    ]
    run_tool(
        'tools/train.py',
        CONFIG,
        '--work-dir',
        work,
        '--data-root',
        f'{multiband_root}/',
        *opts,
    )
    info = json.loads((work / 'classifier.json').read_text())
    assert info['head'] == 'SVMClsHead' and info['C'] == 0.1
    n_train = len(
        list(
            csv.DictReader(open(multiband_root / 'smote' / 'train_smote.csv'))
        )
    )
    assert info['num_samples'] == n_train
    ckpt_path = (work / 'last_checkpoint').read_text().strip()
    assert osp.basename(ckpt_path) == 'SVMClsHead.pth'
    state = torch.load(ckpt_path, weights_only=False)['state_dict']
    assert bool(state['head.fitted'])
    assert state['head.support_vectors'].shape[1] == 1280
    # band scaling: statistics of the training split only
    ids = [
        r['path']
        for r in csv.DictReader(
            open(multiband_root / 'smote' / 'train_smote.csv')
        )
    ]
    train = np.stack([np.load(multiband_root / p) for p in ids])
    mean = (
        train.transpose(1, 0, 2, 3).reshape(12, -1).astype(np.float64).mean(1)
    )
    np.testing.assert_allclose(
        state['data_preprocessor.mean'].flatten(), mean, rtol=1e-5, atol=1e-6
    )
    test_ids = [
        r['id'] for r in csv.DictReader(open(multiband_root / 'test.csv'))
    ]
    test = np.stack(
        [np.load(multiband_root / 'arrays' / f'{i}.npy') for i in test_ids]
    )
    every = (
        np.concatenate([train, test])
        .transpose(1, 0, 2, 3)
        .reshape(12, -1)
        .mean(1)
    )
    assert not np.allclose(mean, every, rtol=1e-5)
    # tools/test.py evaluates the SVM head of the saved checkpoint
    out = run_tool(
        'tools/test.py',
        CONFIG,
        ckpt_path,
        '--work-dir',
        tmp_path / 'test',
        '--data-root',
        f'{multiband_root}/',
    )
    assert 'binary/f1' in out.stdout + out.stderr
    run_tool(
        'tools/analysis_tools/band_occlusion.py',
        CONFIG,
        ckpt_path,
        '--out-dir',
        tmp_path / 'occ',
        '--data-root',
        f'{multiband_root}/',
    )
    rows = list(csv.DictReader(open(tmp_path / 'occ' / 'band_occlusion.csv')))
    assert len(rows) == 12
    assert (tmp_path / 'occ' / 'band_occlusion.png').is_file()
