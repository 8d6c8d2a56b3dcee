import collections

import numpy as np
import pytest

from mmir.cls.datasets import (
    DuplicateBalancedDataset,
    InpaintedNegativesDataset,
    LandmineDataset,
)


@pytest.fixture(scope='module')
def landmine(abmil_data):
    return abmil_data['landmine']


def _ds(root, ann='meta/all.txt', **kw):
    return dict(
        type='LandmineDataset',
        data_root=str(root),
        ann_file=ann,
        data_prefix='',
        pipeline=[],
        **kw,
    )


def _labels(ds):
    return [int(ds.get_data_info(i)['gt_label']) for i in range(len(ds))]


def test_duplicate_balanced_counts(landmine):
    base = LandmineDataset(
        **{k: v for k, v in _ds(landmine).items() if k != 'type'}
    )
    counts = collections.Counter(_labels(base))
    ds = DuplicateBalancedDataset(_ds(landmine), seed=3)
    out = collections.Counter(_labels(ds))
    n_max = max(counts.values())
    assert out[0] == out[1] == n_max
    # Every negative appears n_max // n_neg or one more times; positives once.
    paths = collections.Counter(
        ds.get_data_info(i)['img_path'] for i in range(len(ds))
    )
    reps = {
        paths[p]
        for p, _ in (
            (base.get_data_info(i)['img_path'], 0)
            for i in range(len(base))
            if int(base.get_data_info(i)['gt_label']) == 0
        )
    }
    q = n_max // counts[0]
    assert reps <= {q, q + 1}
    assert ds[0]['img_path'] == base.get_data_info(0)['img_path']


def test_duplicate_balanced_respects_indices(landmine):
    ds = DuplicateBalancedDataset(_ds(landmine, indices=list(range(20))))
    assert all(
        ds.get_data_info(i)['img_path']
        in {ds.dataset.get_data_info(j)['img_path'] for j in range(20)}
        for i in range(len(ds))
    )


def test_inpainted_negatives_augment_and_only(landmine):
    pairs = dict(
        reversed(line.split())
        for line in (landmine / 'inpainted' / 'pairs.txt')
        .read_text()
        .splitlines()
    )
    train = list(range(0, 60, 2))
    aug = InpaintedNegativesDataset(
        _ds(landmine, indices=train), pairs_file='inpainted/pairs.txt'
    )
    base = aug.dataset
    pos = [
        i
        for i in range(len(base))
        if int(base.get_data_info(i)['gt_label']) == 1
    ]
    assert len(aug) == len(base) + len(pos)
    extra = [aug.get_data_info(i) for i in range(len(base), len(aug))]
    assert all(int(e['gt_label']) == 0 for e in extra)
    sources = {str(landmine / s) for s in pairs}
    assert all(e['inpainted_from'] in sources for e in extra)
    # Only copies of this subset's positives: none of the other half.
    own = {base.get_data_info(i)['img_path'] for i in pos}
    assert {e['inpainted_from'] for e in extra} == own
    only = InpaintedNegativesDataset(
        _ds(landmine, indices=train),
        pairs_file='inpainted/pairs.txt',
        mode='only',
    )
    assert len(only) == len(pos)
    assert all(
        only.get_data_info(i)['img_path'].endswith('.png')
        for i in range(len(only))
    )


def test_inpainted_negatives_pipeline_and_errors(landmine, tmp_path):
    ds = InpaintedNegativesDataset(
        dict(_ds(landmine), pipeline=[dict(type='LoadImageFromFile')]),
        pairs_file='inpainted/pairs.txt',
        mode='only',
    )
    item = ds[0]
    assert item['img'].shape[:2] == (256, 336) and item['gt_label'] == 0
    assert np.asarray(item['img']).dtype == np.uint8
    with pytest.raises(FileNotFoundError, match='inpaint_boxes.py'):
        InpaintedNegativesDataset(_ds(landmine), pairs_file='nope.txt')
    bad = tmp_path / 'bad.txt'
    bad.write_text('only-one-column\n')
    with pytest.raises(ValueError, match='bad.txt:1'):
        InpaintedNegativesDataset(_ds(landmine), pairs_file=str(bad))
    with pytest.raises(ValueError, match='mode'):
        InpaintedNegativesDataset(_ds(landmine), pairs_file=str(bad), mode='x')
