"""A Zindi-style CSV of ids in, the submission CSV out: the ensemble's
scores are the mean of each fold model's test_step scores on the same
samples read through the labelled dataset."""

import copy
import csv
import importlib.util
import os.path as osp

import numpy as np
import pytest
import torch
from conftest import ROOT
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

CONFIG = osp.join(
    ROOT,
    'configs/effnetv2_svm/effnetv2-b0-svm_c0.1_1xb8-20i_synth-multiband.py',
)


def fitted_checkpoint(root, seed, path):
    """A tiny EfficientNetV2 (random weights) with the training split's band
    statistics and an SVM head fitted on its training embeddings."""
    from mmengine.runner import Runner

    from mmir.utils.config_check import override_data_root
    from mmir.utils.model_loading import train_set_with_test_pipeline

    cfg = Config.fromfile(CONFIG)
    override_data_root(cfg, str(root))
    torch.manual_seed(seed)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(copy.deepcopy(cfg.model)).eval()
        loader = train_set_with_test_pipeline(cfg)
        loader.update(num_workers=0, persistent_workers=False)
        batches = list(Runner.build_dataloader(loader))
    x = torch.cat([torch.stack(b['inputs']) for b in batches]).float()
    labels = torch.cat(
        [torch.cat([d.gt_label for d in b['data_samples']]) for b in batches]
    )
    model.data_preprocessor.set_stats(
        x.mean((0, 2, 3)), x.std((0, 2, 3)) + 1e-3
    )
    with torch.no_grad():
        data = model.data_preprocessor(dict(inputs=x), False)
        emb = model.head.pre_logits(model.extract_feat(data['inputs']))
    model.head.fit(emb, labels)
    torch.save(dict(state_dict=model.state_dict(), meta={}), path)
    return str(path)


@pytest.fixture(scope='module')
def multiband(tmp_path_factory):
    from mmir.datasets.synthetic import generate

    root = tmp_path_factory.mktemp('mb') / 'multiband'
    generate('multiband', str(root))
    ckpts = [
        fitted_checkpoint(root, seed, root / f'fold_{seed}.pth')
        for seed in (0, 1)
    ]
    return root, ckpts


def tool():
    spec = importlib.util.spec_from_file_location(
        'predict_csv',
        osp.join(ROOT, 'tools/inference/effnetv2_predict_csv.py'),
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_submission_is_the_mean_of_the_fold_models(multiband, tmp_path):
    from mmir.utils.model_loading import load_model_and_dataloader

    root, ckpts = multiband
    rows = list(csv.DictReader(open(root / 'test.csv')))
    zindi = tmp_path / 'Test.csv'
    zindi.write_text('ID\n' + ''.join(r['id'] + '\n' for r in rows))
    out = tmp_path / 'submission.csv'
    code = tool().main(
        [
            CONFIG,
            *ckpts,
            '--csv',
            str(zindi),
            '--data-root',
            str(root),
            '--out',
            str(out),
            '--with-scores',
            '--quiet',
        ]
    )
    assert code == 0
    got = list(csv.DictReader(open(out)))
    assert list(got[0]) == [
        'ID',
        'Target',
        'score_non_landslide',
        'score_landslide',
    ]
    assert [g['ID'] for g in got] == [r['id'] for r in rows]
    ref = 0
    for ckpt in ckpts:
        model, loader, _ = load_model_and_dataloader(
            CONFIG, ckpt, data_root=str(root), default_scope='mmpretrain'
        )
        with torch.no_grad():
            ref = (
                ref
                + torch.cat(
                    [
                        torch.stack([p.pred_score for p in model.test_step(b)])
                        for b in loader
                    ]
                ).numpy()
            )
    ref = ref / len(ckpts)
    scores = np.array(
        [
            [float(g['score_non_landslide']), float(g['score_landslide'])]
            for g in got
        ]
    )
    np.testing.assert_allclose(scores, ref, atol=1e-5)
    assert [int(g['Target']) for g in got] == ref.argmax(1).tolist()
    assert np.ptp(ref[:, 1]) > 1e-3  # per-sample scores, not a constant


def test_csv_without_the_id_column_is_named(multiband, tmp_path, capsys):
    root, ckpts = multiband
    bad = tmp_path / 'Test.csv'
    bad.write_text('name\nID_000000\n')
    with pytest.raises(SystemExit) as exit_:
        tool().main(
            [
                CONFIG,
                ckpts[0],
                '--csv',
                str(bad),
                '--data-root',
                str(root),
                '--out',
                str(tmp_path / 's.csv'),
                '--quiet',
            ]
        )
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert 'Test.csv: no "ID" column' in err
    assert not (tmp_path / 's.csv').exists()
