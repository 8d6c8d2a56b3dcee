"""BandStatsHook and MultiBandDataPreprocessor scaling."""

import numpy as np
import pytest
import torch
from conftest import MULTIBAND_NAMES, write_multiband_set

from mmir.cls.datasets import MultiBandDataset
from mmir.cls.engine.hooks.band_stats_hook import (
    center_scale,
    compute_band_stats,
)
from mmir.cls.models.data_preprocessors import MultiBandDataPreprocessor
from mmir.datasets.multiband_arrays import MultiBandError


def test_band_stats_and_scaling(tmp_path):
    arrays = write_multiband_set(tmp_path)
    ds = MultiBandDataset(
        ann_file='train.csv',
        data_root=str(tmp_path),
        band_names=MULTIBAND_NAMES,
        indices=[0, 2, 4],
    )
    infos = [ds.get_data_info(i) for i in range(len(ds))]
    stats = compute_band_stats(infos, max_pixels=10**6)
    stack = np.stack([arrays[f'S{i}'] for i in (0, 2, 4)])  # (3, 4, 8, 10)
    per_band = stack.transpose(1, 0, 2, 3).reshape(4, -1).astype(np.float64)
    np.testing.assert_allclose(stats['mean'], per_band.mean(1), rtol=1e-10)
    np.testing.assert_allclose(stats['std'], per_band.std(1), rtol=1e-8)
    np.testing.assert_allclose(stats['median'], np.median(per_band, 1))
    q = np.percentile(per_band, [25, 75], axis=1)
    np.testing.assert_allclose(stats['iqr'], q[1] - q[0])
    assert stats['num_samples'] == 3
    pre = MultiBandDataPreprocessor(num_bands=4, scaling='robust')
    with pytest.raises(RuntimeError, match='BandStatsHook'):
        pre(dict(inputs=torch.zeros(1, 4, 8, 10)))
    pre.set_stats(*center_scale(stats, 'robust'))
    x = torch.from_numpy(stack[:1])
    out = pre(dict(inputs=x))['inputs']
    expect = (x - torch.tensor(stats['median']).view(-1, 1, 1)) / torch.tensor(
        stats['iqr']
    ).view(-1, 1, 1)
    torch.testing.assert_close(out, expect.float())
    assert {'mean', 'std', 'stats_ready'} <= set(pre.state_dict())
    with pytest.raises(ValueError, match='expects num_bands=4'):
        pre(dict(inputs=torch.zeros(1, 3, 8, 10)))


def test_band_stats_reject_nan(tmp_path):
    write_multiband_set(tmp_path)
    a = np.load(tmp_path / 'arrays' / 'S1.npy')
    a[0, 0, 0] = np.nan
    np.save(tmp_path / 'arrays' / 'S1.npy', a)
    ds = MultiBandDataset(
        ann_file='train.csv',
        data_root=str(tmp_path),
        band_names=MULTIBAND_NAMES,
    )
    with pytest.raises(MultiBandError, match='S1.npy holds NaN'):
        compute_band_stats([ds.get_data_info(i) for i in range(len(ds))])
