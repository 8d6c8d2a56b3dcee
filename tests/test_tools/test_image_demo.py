"""tools/inference/image_demo.py: each method's config + checkpoint
through its toolbox's Inferencer, on 16-bit single-channel thermal frames
and on multi-band .npy arrays."""

import copy
import importlib.util
import json
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from conftest import ROOT
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

CONFIGS = dict(
    bnsa='configs/bnsa_mask_rcnn/mask-rcnn_r18-bnsa-fpn_focal-siou_'
    'bce-dice-lovasz_1xb2-20i_synth-ir-instance.py',
    mrife='configs/mrife/mrife_r18-d8-aspp-se_1xb2-20i_synth-landslide.py',
    abmil='configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py',
    effnetv2='configs/effnetv2_svm/effnetv2-b0-svm_c0.1_1xb8-20i_'
    'synth-multiband.py',
)


def checkpoint(method, path):
    import mmir.cls  # noqa: F401
    import mmir.det  # noqa: F401
    import mmir.seg  # noqa: F401

    cfg = Config.fromfile(osp.join(ROOT, CONFIGS[method]))
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model_cfg = copy.deepcopy(cfg.model)
        model_cfg.setdefault('data_preprocessor', cfg.get('data_preprocessor'))
        model = MODELS.build(model_cfg)
        model.init_weights()
    pre = model.data_preprocessor
    if hasattr(pre, 'set_stats'):
        pre.set_stats([0.5] * 12, [0.3] * 12)
    torch.save(dict(state_dict=model.state_dict(), meta={}), path)
    return str(path)


def main(argv):
    spec = importlib.util.spec_from_file_location(
        'image_demo', osp.join(ROOT, 'tools/inference/image_demo.py')
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main(argv)


def thermal16(path, seed=0):
    """A 16-bit frame whose scene spans 1,000 counts around 7,000."""
    rng = np.random.default_rng(seed)
    img = 7000 + rng.integers(0, 1000, (96, 128)).astype(np.uint16)
    img[30:50, 40:70] += 800
    cv2.imwrite(str(path), img)
    return img


def test_thermal_stretch():
    from mmir.datasets.thermal import stretch_to_uint8

    ramp = np.linspace(7000, 8000, 101).astype(np.uint16)[None]
    out = stretch_to_uint8(ramp, 0, 100)
    assert out.dtype == np.uint8 and (out.min(), out.max()) == (0, 255)
    assert np.all(np.diff(out[0].astype(int)) >= 0)
    eight = np.arange(256, dtype=np.uint8)[None]
    assert stretch_to_uint8(eight) is eight
    flat = np.full((4, 4), np.nan, np.float32)
    assert stretch_to_uint8(flat).max() == 0  # no finite value: black


@pytest.mark.parametrize('method', ['bnsa', 'mrife', 'abmil'])
def test_16bit_thermal_frames(method, tmp_path):
    from mmir.datasets.thermal import load_thermal

    ckpt = checkpoint(method, tmp_path / 'model.pth')
    frames = tmp_path / 'frames'
    frames.mkdir()
    for k in range(2):
        thermal16(frames / f'f{k}.png', seed=k)
    out = tmp_path / 'out'
    assert (
        main([CONFIGS[method], ckpt, str(frames), '--out-dir', str(out)]) == 0
    )
    preds = json.loads((out / 'predictions.json').read_text())
    assert [osp.basename(p['input']) for p in preds] == ['f0.png', 'f1.png']
    img = load_thermal(str(frames / 'f0.png'))
    assert img.shape == (96, 128, 3) and np.ptp(img) > 200  # full range
    if method == 'abmil':
        assert abs(sum(preds[0]['pred_scores']) - 1) < 1e-5
        # OpenCV's default read (high byte only) would give another input
        import mmcv

        naive = mmcv.imread(str(frames / 'f0.png'))
        assert np.ptp(naive) < 10
    else:
        vis = cv2.imread(str(out / 'vis/f0.png'))
        assert vis is not None and vis.shape[:2] == (96, 128)
    if method == 'mrife':
        mask = cv2.imread(preds[0]['mask'], -1)
        assert mask.shape == (96, 128)
        assert preds[0]['positive_share'] == pytest.approx((mask == 1).mean())
    if method == 'bnsa':
        assert set(preds[0]) >= {'input', 'bboxes', 'scores', 'labels'}


def test_multiband_arrays_equal_the_dataset_path(tmp_path):
    from mmir.datasets.synthetic import generate
    from mmir.utils.model_loading import load_model_and_dataloader

    root = tmp_path / 'multiband'
    generate('multiband', str(root))
    ckpt = checkpoint('effnetv2', tmp_path / 'model.pth')
    ids = [
        line.split(',')[0]
        for line in (root / 'test.csv').read_text().split()[1:3]
    ]
    first = [root / 'arrays' / f'{i}.npy' for i in ids]
    out = tmp_path / 'out'
    code = main(
        [CONFIGS['effnetv2'], ckpt, *map(str, first), '--out-dir', str(out)]
    )
    assert code == 0
    preds = {
        osp.basename(p['input']): p['pred_scores']
        for p in json.loads((out / 'predictions.json').read_text())
    }
    model, loader, _ = load_model_and_dataloader(
        CONFIGS['effnetv2'],
        ckpt,
        data_root=str(root),
        default_scope='mmpretrain',
    )
    dataset = loader.dataset
    with torch.no_grad():
        for k in range(len(dataset)):
            name = osp.basename(dataset.get_data_info(k)['img_path'])
            if name in preds:
                ref = model.test_step(
                    dict(
                        inputs=[dataset[k]['inputs']],
                        data_samples=[dataset[k]['data_samples']],
                    )
                )[0].pred_score
                np.testing.assert_allclose(preds.pop(name), ref, atol=1e-5)
    assert not preds  # both arrays were compared


def test_multiband_hdf5_inputs_equal_npy(tmp_path):
    """An HDF5 container stands for each of its datasets, and
    ``container.h5::key`` for one; both score as the same ``.npy``."""
    import h5py

    from mmir.datasets.synthetic import generate

    root = tmp_path / 'multiband'
    generate('multiband', str(root), num_images=10)
    ckpt = checkpoint('effnetv2', tmp_path / 'model.pth')
    ids = [
        line.split(',')[0]
        for line in (root / 'test.csv').read_text().split()[1:3]
    ]
    container = tmp_path / 'arrays.h5'
    with h5py.File(container, 'w') as f:
        for i in ids:
            f[i] = np.load(root / 'arrays' / f'{i}.npy')

    def scores(inputs, out):
        assert (
            main([CONFIGS['effnetv2'], ckpt, *inputs, '--out-dir', out]) == 0
        )
        preds = json.loads((tmp_path / out / 'predictions.json').read_text())
        return [(p['input'], p['pred_scores']) for p in preds]

    npy = scores(
        [str(root / 'arrays' / f'{i}.npy') for i in ids], str(tmp_path / 'a')
    )
    whole = scores([str(container)], str(tmp_path / 'b'))
    one = scores([f'{container}::{ids[1]}'], str(tmp_path / 'c'))
    assert [p for p, _ in whole] == [f'{container}::{i}' for i in ids]
    for (_, ref), (_, got) in zip(npy, whole):
        np.testing.assert_allclose(got, ref, atol=1e-6)
    np.testing.assert_allclose(one[0][1], npy[1][1], atol=1e-6)
