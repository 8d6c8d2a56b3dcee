import pytest
from mmengine.config import Config

from mmir.utils import ConfigCheckError, check_data_paths, override_data_root


def _cfg(root):
    return Config(
        dict(
            data_root=f'{root}/',
            train_dataloader=dict(
                dataset=dict(
                    type='RepeatDataset',
                    times=2,
                    dataset=dict(
                        type='ConcatDataset',
                        datasets=[
                            dict(
                                type='A',
                                data_root=f'{root}/',
                                ann_file='ann/a.json',
                                data_prefix=dict(img='img/'),
                            ),
                            dict(
                                type='B',
                                data_root=f'{root}/',
                                ann_file='ann/b.json',
                                data_prefix='img/',
                            ),
                        ],
                    ),
                )
            ),
            val_dataloader=dict(
                dataset=dict(
                    type='A',
                    data_root=f'{root}/',
                    ann_file='ann/a.json',
                    data_prefix=dict(img='img/'),
                )
            ),
            val_evaluator=[
                dict(type='CocoMetric', ann_file=f'{root}/ann/a.json'),
                dict(type='Other'),
            ],
            test_dataloader=None,
        )
    )


def _make(root):
    (root / 'ann').mkdir(parents=True)
    (root / 'img').mkdir()
    (root / 'ann' / 'a.json').write_text('{}')
    (root / 'ann' / 'b.json').write_text('{}')


def test_existing_paths_pass(tmp_path):
    _make(tmp_path)
    check_data_paths(_cfg(tmp_path))


def test_missing_file_inside_wrappers_is_named(tmp_path):
    _make(tmp_path)
    (tmp_path / 'ann' / 'b.json').unlink()
    with pytest.raises(ConfigCheckError) as err:
        check_data_paths(_cfg(tmp_path))
    msg = str(err.value)
    assert 'train_dataloader.dataset.dataset.datasets[1].ann_file' in msg
    assert str(tmp_path / 'ann' / 'b.json') in msg


def test_only_requested_loaders_are_checked(tmp_path):
    _make(tmp_path)
    cfg = _cfg(tmp_path)
    cfg.val_dataloader.dataset.ann_file = 'missing.json'
    check_data_paths(cfg, ('train_dataloader',))
    with pytest.raises(ConfigCheckError, match='val_dataloader'):
        check_data_paths(cfg)


def test_override_data_root(tmp_path):
    new = tmp_path / 'moved'
    _make(new)
    cfg = _cfg(tmp_path / 'old')
    override_data_root(cfg, f'{new}/')
    check_data_paths(cfg)
    inner = cfg.train_dataloader.dataset.dataset.datasets
    assert all(d.data_root == f'{new}/' for d in inner)
    assert cfg.val_evaluator[0].ann_file == str(new / 'ann' / 'a.json')
    assert 'ann_file' not in cfg.val_evaluator[1]


def test_interleaved_ratio_alternates_the_order():
    from mmir.utils.benchmark import interleaved_ratio

    calls = []
    t_a, t_b, ratio = interleaved_ratio(
        lambda: calls.append('A'), lambda: calls.append('B'), 4
    )
    # one warm-up each, then A B | B A | A B | B A
    assert ''.join(calls) == 'AB' + 'ABBAABBA'
    assert t_a > 0 and t_b > 0 and ratio > 0


def test_dataset_with_test_pipeline_looks_through_wrappers():
    from mmengine.config import Config

    from mmir.utils.config_check import dataset_with_test_pipeline

    inner = dict(type='CocoDataset', pipeline=[dict(type='PackDetInputs')])
    cfg = Config(
        dict(
            test_dataloader=dict(
                dataset=dict(type='RepeatDataset', times=2, dataset=inner)
            )
        )
    )
    found = dataset_with_test_pipeline(cfg)
    assert found['type'] == 'CocoDataset'
    found['pipeline'] = []  # the config's own dict
    assert cfg.test_dataloader.dataset.dataset.pipeline == []
    assert dataset_with_test_pipeline(Config(dict())) == {}
