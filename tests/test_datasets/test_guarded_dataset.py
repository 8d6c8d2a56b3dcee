"""Bad data found during a run (issue: corrupt image, wrong band count,
truncated COCO file): one line naming the file, exit code 2, also from a
dataloader worker; ``skip_bad_samples`` skips and lists bad training
samples and stops past ``max_bad_fraction``."""

import json
import shutil

import numpy as np
import pytest
import torch
from conftest import run_tool
from mmengine.dataset import BaseDataset

from mmir.datasets.guarded_dataset import (
    DataError,
    GuardedDataset,
    guard_loaders,
    one_line,
)

LANDMINE = 'configs/synthetic/resnet18-gap_1xb4-20i_synth-landmine.py'
SHORT = [
    '--cfg-options',
    'train_cfg.max_iters=2',
    'train_cfg.val_interval=2',
    'default_hooks.checkpoint.interval=2',
]


class _Toy(BaseDataset):
    """Samples 0..n-1; those in ``bad`` fail in the pipeline, those in
    ``nan`` give NaN inputs."""

    def __init__(self, n=10, bad=(), nan=(), **kwargs):
        self.n, self.bad, self.nan = n, set(bad), set(nan)
        super().__init__(serialize_data=False, **kwargs)

    def load_data_list(self):
        return [dict(img_path=f'img_{i}.png', i=i) for i in range(self.n)]

    def prepare_data(self, idx):
        if idx in self.bad:
            raise OSError(f'read error on img_{idx}.png')
        value = float('nan') if idx in self.nan else float(idx)
        return dict(inputs=torch.full((1, 2, 2), value), i=idx)


def test_a_bad_sample_names_its_file_and_index():
    ds = GuardedDataset(_Toy(bad=[3]))
    assert ds[2]['i'] == 2 and len(ds) == 10
    assert ds.metainfo == ds.dataset.metainfo and ds.n == 10  # forwarded
    with pytest.raises(DataError) as err:
        ds[3]
    assert str(err.value).startswith('img_3.png (sample 3 of _Toy')
    assert 'OSError: read error on img_3.png' in str(err.value)


def test_culprit_search_reads_hdf5_members(tmp_path):
    """``container.h5::key`` paths are read, not taken for missing files:
    only the broken member and the broken container are culprits."""
    import h5py

    from mmir.datasets.guarded_dataset import _unreadable

    good, broken = tmp_path / 'good.h5', tmp_path / 'broken.h5'
    with h5py.File(good, 'w') as f:
        f['a'] = np.zeros((2, 4, 4), np.float32)
    broken.write_bytes(good.read_bytes()[:100])
    paths = [f'{good}::a', f'{good}::b', str(good), f'{broken}::a']
    assert _unreadable(paths) == [f'{good}::b', f'{broken}::a']


def test_nan_inputs_are_bad_data():
    ds = GuardedDataset(_Toy(nan=[4]))
    with pytest.raises(DataError, match=r'img_4.png .* NaN or Inf'):
        ds[4]


def test_skip_bad_samples_lists_them_and_stops_past_the_fraction(tmp_path):
    skipped = tmp_path / 'work' / 'skipped_samples.txt'
    ds = GuardedDataset(
        _Toy(bad=[3, 4]),
        skip_bad_samples=True,
        max_bad_fraction=0.25,
        skipped_file=str(skipped),
    )
    assert ds[3]['i'] == 5  # the next good sample
    rows = [json.loads(line) for line in skipped.read_text().splitlines()]
    assert [r['index'] for r in rows] == [3, 4]
    assert 'img_3.png' in rows[0]['error']
    strict = GuardedDataset(
        _Toy(bad=[3, 4]),
        skip_bad_samples=True,
        max_bad_fraction=0.1,
        skipped_file=str(tmp_path / 'strict.txt'),
    )
    with pytest.raises(DataError, match='2 of 10 samples are bad'):
        strict[3]


def test_an_empty_training_set_is_an_error_not_a_hang():
    """InfiniteSampler would loop forever over no samples."""
    with pytest.raises(DataError, match='no samples'):
        GuardedDataset(_Toy(n=0))
    assert len(GuardedDataset(_Toy(n=0, test_mode=True))) == 0


def test_skipping_is_refused_for_test_sets():
    with pytest.raises(DataError, match='skip_bad_samples is for training'):
        GuardedDataset(_Toy(test_mode=True), skip_bad_samples=True)


def test_guard_keys_may_sit_in_a_wrapped_dataset(tmp_path):
    from mmengine.config import Config

    cfg = Config(
        dict(
            train_dataloader=dict(
                dataset=dict(
                    type='ConcatDataset',
                    datasets=[dict(type='X', skip_bad_samples=True)],
                )
            )
        )
    )
    guard_loaders(cfg, ('train_dataloader', 'val_dataloader'), 'w')
    guard = cfg.train_dataloader.dataset
    assert guard.type == 'GuardedDataset'
    assert guard.skipped_file == 'w/skipped_samples.txt'
    guard_loaders(cfg, ('train_dataloader',), 'w')  # wraps once
    assert cfg.train_dataloader.dataset.dataset.type == 'ConcatDataset'
    from mmir.datasets.guarded_dataset import _pop_guard_keys

    inner, keys = _pop_guard_keys(guard.dataset.to_dict())
    assert keys == dict(skip_bad_samples=True)
    assert 'skip_bad_samples' not in inner['datasets'][0]


def test_one_line_strips_a_worker_traceback():
    err = DataError(
        'Caught DataError in DataLoader worker process 0.\n'
        'Original Traceback (most recent call last):\n'
        '  File "x.py", line 1, in f\n'
        'mmir.datasets.guarded_dataset.DataError: a.jpg (sample 1): bad\n'
    )
    assert one_line(err) == 'a.jpg (sample 1): bad'
    assert one_line(DataError('plain')) == 'plain'


def _truncate(path, keep=3):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // keep])


@pytest.mark.e2e
@pytest.mark.parametrize('workers', [0, 1])
def test_truncated_jpeg_in_the_val_list(tmp_path, synthetic_root, workers):
    """Regression: mmcv's ``AssertionError: failed to load image``
    traceback (exit 1) is now one line naming the file (exit 2), also when
    a dataloader worker finds it."""
    root = tmp_path / 'landmine'
    shutil.copytree(synthetic_root / 'landmine', root)
    name = (root / 'meta' / 'val.txt').read_text().split()[0]
    _truncate(root / name)
    proc = run_tool(
        'tools/train.py',
        LANDMINE,
        '--data-root',
        f'{root}/',
        '--work-dir',
        tmp_path / 'work',
        *SHORT,
        f'val_dataloader.num_workers={workers}',
        check=False,
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(f'error: {root / name} (sample 0 of ')
    assert 'not a readable image' in last
    assert 'Traceback' not in proc.stderr


@pytest.mark.e2e
def test_bad_training_images_are_skipped_when_asked(tmp_path, synthetic_root):
    root = tmp_path / 'landmine'
    shutil.copytree(synthetic_root / 'landmine', root)
    train = root / 'meta' / 'train.txt'
    lines = train.read_text().splitlines()[:4]  # 2 batches of 4: all seen
    train.write_text('\n'.join(lines) + '\n')
    name = lines[0].split()[0]
    _truncate(root / name)
    work = tmp_path / 'work'
    common = ['tools/train.py', LANDMINE, '--data-root', f'{root}/']
    proc = run_tool(
        *common,
        '--work-dir',
        work,
        *SHORT,
        'train_dataloader.dataset.skip_bad_samples=True',
        'train_dataloader.dataset.max_bad_fraction=0.3',
    )
    assert f'warning: skipped bad sample: {root / name}' in proc.stderr
    rows = (work / 'skipped_samples.txt').read_text().splitlines()
    assert {json.loads(r)['index'] for r in rows} == {0}
    assert (work / 'iter_2.pth').exists()
    strict = run_tool(
        *common,
        '--work-dir',
        tmp_path / 'strict',
        *SHORT,
        'train_dataloader.dataset.skip_bad_samples=True',
        'train_dataloader.dataset.max_bad_fraction=0.0',
        check=False,
    )
    assert strict.returncode == 2
    assert 'samples are bad, more than max_bad_fraction=0.0' in strict.stderr
    assert 'Traceback' not in strict.stderr


@pytest.mark.e2e
def test_truncated_coco_file_is_named(tmp_path, synthetic_root):
    """Regression: a JSONDecodeError that did not name the file."""
    root = tmp_path / 'ir'
    shutil.copytree(synthetic_root / 'ir_instance', root)
    _truncate(root / 'annotations' / 'instances_train.json', keep=2)
    proc = run_tool(
        'tools/train.py',
        'configs/synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py',
        '--data-root',
        f'{root}/',
        '--work-dir',
        tmp_path / 'work',
        *SHORT,
        check=False,
    )
    assert proc.returncode == 2
    last = proc.stderr.strip().splitlines()[-1]
    ann = root / 'annotations' / 'instances_train.json'
    assert last.startswith(f'error: {ann} (IRInstanceDataset): cannot be')
    assert 'JSONDecodeError' in last and 'Traceback' not in proc.stderr


@pytest.mark.e2e
def test_array_with_too_few_bands(tmp_path, synthetic_root):
    """Regression: a MultiBandError traceback (exit 1) is one line, exit
    2 (it is found by BandStatsHook, outside the dataloader)."""
    root = tmp_path / 'mb'
    shutil.copytree(synthetic_root / 'multiband', root)
    first = sorted((root / 'arrays').glob('*.npy'))[0]
    np.save(first, np.load(first)[:10])
    proc = run_tool(
        'tools/train.py',
        'configs/effnetv2_svm/effnetv2-b0-svm_c0.1_1xb8-20i_synth-multiband.py',
        '--data-root',
        f'{root}/',
        '--work-dir',
        tmp_path / 'work',
        *SHORT,
        check=False,
    )
    assert proc.returncode == 2
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(f'error: {first}: 10 bands')
    assert '12 band names' in last and 'Traceback' not in proc.stderr


@pytest.mark.parametrize(
    'edit,expected',
    [
        (lambda d: d.pop('images'), '"images" is missing'),
        (lambda d: d.update(categories='none'), '"categories" is not a list'),
    ],
)
def test_a_coco_file_without_its_lists_says_what_is_expected(
    tmp_path, edit, expected
):
    from mmengine.registry import DefaultScope

    import mmir.det  # noqa: F401

    coco = dict(
        images=[dict(id=1, file_name='a.png', width=8, height=8)],
        annotations=[],
        categories=[dict(id=1, name='person')],
    )
    edit(coco)
    (tmp_path / 'ann.json').write_text(json.dumps(coco))
    with DefaultScope.overwrite_default_scope('mmdet'):
        with pytest.raises(DataError) as err:
            GuardedDataset(
                dict(
                    type='CocoDataset',
                    data_root=str(tmp_path),
                    ann_file='ann.json',
                    data_prefix=dict(img=''),
                    metainfo=dict(classes=('person',)),
                    pipeline=[],
                )
            )
    message = str(err.value)
    assert message.startswith(f'{tmp_path}/ann.json (CocoDataset)'), message
    assert expected in message and 'expected a COCO file' in message
