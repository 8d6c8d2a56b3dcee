import csv

import numpy as np
import pytest
import torch

from mmir.cls.datasets import MultiBandDataset
from mmir.cls.datasets.transforms import (LoadMultiBandImage,
                                          RandomBandAffine,
                                          RandomBandContrast,
                                          RandomBandNoise, RandomRGBJitter)
from mmir.cls.engine.hooks.band_stats_hook import (center_scale,
                                                   compute_band_stats)
from mmir.cls.models.data_preprocessors import MultiBandDataPreprocessor
from mmir.cls.models.utils import adapt_input_channels
from mmir.datasets.multiband_arrays import MultiBandError

NAMES = ['red', 'green', 'blue', 'nir']


def _write_set(root, n=6, fmt='npy', layout='chw', seed=0):
    rng = np.random.default_rng(seed)
    (root / 'arrays').mkdir(parents=True)
    arrays = {}
    with open(root / 'train.csv', 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(('id', 'label'))
        for i in range(n):
            a = rng.random((4, 8, 10)).astype(np.float32) + i
            sid = f'S{i}'
            arrays[sid] = a
            stored = a if layout == 'chw' else a.transpose(1, 2, 0)
            if fmt == 'npy':
                np.save(root / 'arrays' / f'{sid}.npy', stored)
            else:
                import h5py
                with h5py.File(root / 'arrays' / f'{sid}.h5', 'w') as h:
                    h['img'] = stored
            w.writerow((sid, i % 2))
    return arrays


def test_dataset_reads_bands_by_name_index_and_derived(tmp_path):
    arrays = _write_set(tmp_path)
    ds = MultiBandDataset(ann_file='train.csv', data_root=str(tmp_path),
                          band_names=NAMES, bands=['nir', 0, 'ndvi'],
                          pipeline=[dict(type='LoadMultiBandImage'),
                                    dict(type='PackInputs')])
    assert len(ds) == 6 and ds.bands == ('nir', 'red', 'ndvi')
    img = ds.load_bands(3)
    a = arrays['S3']
    assert img.shape == (8, 10, 3) and img.dtype == np.float32
    np.testing.assert_array_equal(img[..., 0], a[3])
    np.testing.assert_array_equal(img[..., 1], a[0])
    np.testing.assert_allclose(img[..., 2], (a[3] - a[0]) / (a[3] + a[0]),
                               rtol=1e-6)
    item = ds[3]
    assert item['inputs'].shape == (3, 8, 10)
    assert int(item['data_samples'].gt_label) == 1


@pytest.mark.parametrize('layout', ['chw', 'hwc'])
def test_dataset_reads_hdf5(tmp_path, layout):
    arrays = _write_set(tmp_path, fmt='h5', layout=layout)
    ds = MultiBandDataset(ann_file='train.csv', data_root=str(tmp_path),
                          band_names=NAMES, suffix='.h5', layout=layout)
    np.testing.assert_array_equal(ds.load_bands(2),
                                  arrays['S2'].transpose(1, 2, 0))


def test_dataset_reads_one_hdf5_container(tmp_path):
    import h5py
    arrays = _write_set(tmp_path)
    with h5py.File(tmp_path / 'all.h5', 'w') as h:
        for sid, a in arrays.items():
            h[sid] = a
    ds = MultiBandDataset(ann_file='train.csv', data_root=str(tmp_path),
                          band_names=NAMES, data_prefix='all.h5')
    np.testing.assert_array_equal(ds.load_bands(5),
                                  arrays['S5'].transpose(1, 2, 0))


def test_dataset_errors_name_the_problem(tmp_path):
    _write_set(tmp_path)
    kw = dict(ann_file='train.csv', data_root=str(tmp_path), band_names=NAMES)
    with pytest.raises(MultiBandError, match='unknown band "swir"'):
        MultiBandDataset(bands=['swir'], **kw)
    with pytest.raises(MultiBandError, match='needs stored bands'):
        MultiBandDataset(band_names=['a', 'b', 'c', 'd'], bands=['ndvi'],
                         ann_file='train.csv', data_root=str(tmp_path))
    (tmp_path / 'arrays' / 'S4.npy').unlink()
    with pytest.raises(FileNotFoundError, match='id S4'):
        MultiBandDataset(**kw)
    (tmp_path / 'bad.csv').write_text('name,label\nS0,1\n')
    with pytest.raises(MultiBandError, match='no "id" column'):
        MultiBandDataset(ann_file='bad.csv', data_root=str(tmp_path),
                         band_names=NAMES)
    ds = MultiBandDataset(ann_file='train.csv', data_root=str(tmp_path),
                          band_names=NAMES[:3], check_files=False)
    with pytest.raises(MultiBandError, match='4 bands on the chw band axis'):
        ds.load_bands(0)


def test_band_augments_keep_shape_and_act_per_band():
    rng = np.random.default_rng(0)
    img = np.stack([rng.random((16, 16)) * s + o for s, o in
                    ((1, 0), (10, -20), (0.1, 5))], -1).astype(np.float32)
    res = dict(img=img.copy(), bands=('red', 'green', 'blue'))
    for t in (RandomBandNoise(prob=1), RandomBandContrast(prob=1),
              RandomRGBJitter(prob=1), RandomBandAffine(prob=1)):
        out = t(dict(res, img=img.copy()))['img']
        assert out.shape == img.shape and out.dtype == np.float32
        assert np.isfinite(out).all()
    # contrast keeps each band's mean; noise scales with the band's std
    out = RandomBandContrast(magnitude=0.5, per_band=True, prob=1)(
        dict(img=img.copy()))['img']
    np.testing.assert_allclose(out.mean((0, 1)), img.mean((0, 1)),
                               rtol=1e-4, atol=1e-4)
    np.random.seed(0)
    noisy = RandomBandNoise(sigma=0.5, prob=1)(dict(img=img.copy()))['img']
    ratio = (noisy - img).std((0, 1)) / img.std((0, 1))
    np.testing.assert_allclose(ratio, 0.5, rtol=0.15)
    # RGB jitter leaves non-RGB bands alone
    out = RandomRGBJitter(rgb=('red', 'green'), prob=1)(
        dict(img=img.copy(), bands=('red', 'green', 'nir')))['img']
    np.testing.assert_array_equal(out[..., 2], img[..., 2])
    one = RandomBandAffine(prob=1)(dict(img=img[..., :1].copy()))['img']
    assert one.shape == (16, 16, 1)


def test_band_stats_and_scaling(tmp_path):
    arrays = _write_set(tmp_path)
    ds = MultiBandDataset(ann_file='train.csv', data_root=str(tmp_path),
                          band_names=NAMES, indices=[0, 2, 4])
    infos = [ds.get_data_info(i) for i in range(len(ds))]
    stats = compute_band_stats(infos, max_pixels=10 ** 6)
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
    expect = (x - torch.tensor(stats['median']).view(-1, 1, 1)) / \
        torch.tensor(stats['iqr']).view(-1, 1, 1)
    torch.testing.assert_close(out, expect.float())
    assert {'mean', 'std', 'stats_ready'} <= set(pre.state_dict())
    with pytest.raises(ValueError, match='expects num_bands=4'):
        pre(dict(inputs=torch.zeros(1, 3, 8, 10)))


def test_band_stats_reject_nan(tmp_path):
    _write_set(tmp_path)
    a = np.load(tmp_path / 'arrays' / 'S1.npy')
    a[0, 0, 0] = np.nan
    np.save(tmp_path / 'arrays' / 'S1.npy', a)
    ds = MultiBandDataset(ann_file='train.csv', data_root=str(tmp_path),
                          band_names=NAMES)
    with pytest.raises(MultiBandError, match='S1.npy holds NaN'):
        compute_band_stats([ds.get_data_info(i) for i in range(len(ds))])


def test_adapt_input_channels():
    w = torch.randn(5, 3, 3, 3)
    m = adapt_input_channels(w, 12)
    assert m.shape == (5, 12, 3, 3)
    torch.testing.assert_close(m[:, 7], w.mean(1) * 3 / 12)
    # a grey input gives the RGB filter's response
    x = torch.randn(3, 3)
    torch.testing.assert_close((m * x).sum((1, 2, 3)),
                               (w * x).sum((1, 2, 3)), rtol=1e-5, atol=1e-5)
    r = adapt_input_channels(w, 5, mode='repeat')
    torch.testing.assert_close(r[:, 4], w[:, 1] * 3 / 5)
    k = adapt_input_channels(w, 6, rgb_indices=(2, 1, 0))
    torch.testing.assert_close(k[:, 2], w[:, 0] * 0.5)
    torch.testing.assert_close(k[:, 5], w.mean(1) * 0.5)


def test_multiband_pretrained_init_loads_rgb_weights(tmp_path):
    from mmpretrain.models import EfficientNetV2
    rgb = EfficientNetV2(arch='b0', in_channels=3)
    torch.save({'state_dict': {f'backbone.{k}': v for k, v in
                               rgb.state_dict().items()}},
               tmp_path / 'rgb.pth')
    bands = EfficientNetV2(arch='b0', in_channels=12, init_cfg=dict(
        type='MultiBandPretrained', checkpoint=str(tmp_path / 'rgb.pth'),
        prefix='backbone.'))
    bands.init_weights()
    src, dst = rgb.state_dict(), bands.state_dict()
    stem = [k for k in src if src[k].dim() == 4 and src[k].shape[1] == 3]
    assert len(stem) == 1
    torch.testing.assert_close(dst[stem[0]],
                               adapt_input_channels(src[stem[0]], 12))
    same = [k for k in src if k != stem[0] and src[k].dtype.is_floating_point]
    assert all(torch.equal(src[k], dst[k]) for k in same)
