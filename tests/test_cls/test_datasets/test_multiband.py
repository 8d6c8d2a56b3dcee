"""MultiBandDataset: CSV, .npy/HDF5 arrays, bands by name, by index and
derived."""

import numpy as np
import pytest
from conftest import MULTIBAND_NAMES, write_multiband_set

from mmir.cls.datasets import MultiBandDataset
from mmir.datasets.multiband_arrays import MultiBandError


def test_dataset_reads_bands_by_name_index_and_derived(tmp_path):
    arrays = write_multiband_set(tmp_path)
    ds = MultiBandDataset(
        ann_file='train.csv',
        data_root=str(tmp_path),
        band_names=MULTIBAND_NAMES,
        bands=['nir', 0, 'ndvi'],
        pipeline=[dict(type='LoadMultiBandImage'), dict(type='PackInputs')],
    )
    assert len(ds) == 6 and ds.bands == ('nir', 'red', 'ndvi')
    img = ds.load_bands(3)
    a = arrays['S3']
    assert img.shape == (8, 10, 3) and img.dtype == np.float32
    np.testing.assert_array_equal(img[..., 0], a[3])
    np.testing.assert_array_equal(img[..., 1], a[0])
    np.testing.assert_allclose(
        img[..., 2], (a[3] - a[0]) / (a[3] + a[0]), rtol=1e-6
    )
    item = ds[3]
    assert item['inputs'].shape == (3, 8, 10)
    assert int(item['data_samples'].gt_label) == 1


@pytest.mark.parametrize('layout', ['chw', 'hwc'])
def test_dataset_reads_hdf5(tmp_path, layout):
    arrays = write_multiband_set(tmp_path, fmt='h5', layout=layout)
    ds = MultiBandDataset(
        ann_file='train.csv',
        data_root=str(tmp_path),
        band_names=MULTIBAND_NAMES,
        suffix='.h5',
        layout=layout,
    )
    np.testing.assert_array_equal(
        ds.load_bands(2), arrays['S2'].transpose(1, 2, 0)
    )


def test_dataset_reads_one_hdf5_container(tmp_path):
    import h5py

    arrays = write_multiband_set(tmp_path)
    with h5py.File(tmp_path / 'all.h5', 'w') as h:
        for sid, a in arrays.items():
            h[sid] = a
    ds = MultiBandDataset(
        ann_file='train.csv',
        data_root=str(tmp_path),
        band_names=MULTIBAND_NAMES,
        data_prefix='all.h5',
    )
    np.testing.assert_array_equal(
        ds.load_bands(5), arrays['S5'].transpose(1, 2, 0)
    )


def test_dataset_errors_name_the_problem(tmp_path):
    write_multiband_set(tmp_path)
    kw = dict(
        ann_file='train.csv',
        data_root=str(tmp_path),
        band_names=MULTIBAND_NAMES,
    )
    with pytest.raises(MultiBandError, match='unknown band "swir"'):
        MultiBandDataset(bands=['swir'], **kw)
    with pytest.raises(MultiBandError, match='needs stored bands'):
        MultiBandDataset(
            band_names=['a', 'b', 'c', 'd'],
            bands=['ndvi'],
            ann_file='train.csv',
            data_root=str(tmp_path),
        )
    (tmp_path / 'arrays' / 'S4.npy').unlink()
    with pytest.raises(FileNotFoundError, match='id S4'):
        MultiBandDataset(**kw)
    (tmp_path / 'bad.csv').write_text('name,label\nS0,1\n')
    with pytest.raises(MultiBandError, match='no "id" column'):
        MultiBandDataset(
            ann_file='bad.csv',
            data_root=str(tmp_path),
            band_names=MULTIBAND_NAMES,
        )
    ds = MultiBandDataset(
        ann_file='train.csv',
        data_root=str(tmp_path),
        band_names=MULTIBAND_NAMES[:3],
        check_files=False,
    )
    with pytest.raises(MultiBandError, match='4 bands on the chw band axis'):
        ds.load_bands(0)
