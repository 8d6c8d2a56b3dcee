"""The declared experiment keys (mmir/experiments/keys.py): types, misspelt
keys, the run's-own-test-set sentinel, and the one-line error of the tools."""

import pytest
from conftest import ROOT, run_tool
from mmengine.config import Config

from mmir.experiments.keys import (
    RUN_TEST_SET,
    ExperimentKeyError,
    ExperimentKeys,
    experiment_keys,
)


def test_absent_keys_give_the_defaults():
    assert experiment_keys(Config(dict(model=dict()))) == ExperimentKeys()


def test_valid_keys_are_returned():
    cfg = Config(
        dict(
            table_columns={'F1': 'binary/f1'},
            extra_test_sets=dict(
                neg=dict(
                    type='Wrap', dataset=dict(type='W', dataset=RUN_TEST_SET)
                )
            ),
            kfold_ann_file='meta/all.txt',
            kfold_smote=dict(target_ratio=1.0, k=5),
            kfold_save_best='binary/f1',
            kfold_heldout_test=True,
        )
    )
    keys = experiment_keys(cfg)
    assert keys.table_columns == {'F1': 'binary/f1'}
    assert keys.kfold_smote == dict(target_ratio=1.0, k=5)
    assert keys.kfold_heldout_test is True


@pytest.mark.parametrize(
    'key, hint',
    [
        ('kfold_smoote', "did you mean 'kfold_smote'"),
        ('table_column', "did you mean 'table_columns'"),
        ('extra_test_set', "did you mean 'extra_test_sets'"),
        ('kfold_folds', "unknown experiment key 'kfold_folds'"),
    ],
)
def test_misspelt_keys_are_named(key, hint):
    with pytest.raises(ExperimentKeyError, match=hint) as err:
        experiment_keys(Config({key: 1}), 'x.py')
    assert str(err.value).startswith('x.py: ')


@pytest.mark.parametrize(
    'cfg, message',
    [
        (dict(table_columns=['mAP']), 'table_columns must be a dict'),
        (dict(extra_test_sets=dict(a=dict(b=1))), 'with a type'),
        (
            dict(extra_test_sets=dict(a=dict(type='W', dataset='test'))),
            "the only string allowed there is 'test_dataloader.dataset'",
        ),
        (dict(kfold_ann_file=3), 'kfold_ann_file must be a string'),
        (dict(kfold_smote=dict(ratio=1)), r"unknown keys \['ratio'\]"),
        (dict(kfold_smote=0.5), 'kfold_smote must be a dict'),
        (dict(kfold_heldout_test='yes'), 'must be True or False'),
    ],
)
def test_wrong_types_are_named(cfg, message):
    with pytest.raises(ExperimentKeyError, match=message):
        experiment_keys(Config(cfg), 'x.py')


def test_grid_refuses_a_misspelt_key_before_training(tmp_path):
    bad = tmp_path / 'bad.py'
    base = f'{ROOT}/configs/synthetic/fcn_r18-d8_1xb2-20i_synth-landslide.py'
    bad.write_text(
        f"_base_ = '{base}'\nkfold_smoote = dict(target_ratio=1.0)\n"
    )
    proc = run_tool(
        'tools/run_grid.py', bad, '--work-dir', tmp_path / 'w', check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == (
        f"error: {bad}: unknown experiment key 'kfold_smoote'; did you mean "
        "'kfold_smote'? The keys the grid and k-fold runners read are "
        "['table_columns', 'extra_test_sets', 'kfold_ann_file', "
        "'kfold_smote', 'kfold_save_best', 'kfold_heldout_test'] "
        '(mmir/experiments/keys.py)'
    )
    assert not (tmp_path / 'w' / 'bad').exists()
