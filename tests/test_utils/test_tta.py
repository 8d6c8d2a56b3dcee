"""tools/test.py --tta: the config transformation per toolbox, and the
classifier's TTA score = mean of the model's scores on the image and its
mirror image."""

import os.path as osp
import pickle

import numpy as np
import pytest
import torch
from conftest import ROOT, run_tool
from mmengine.config import Config

from mmir.utils.tta import apply_tta

ABMIL = f'{ROOT}/configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py'
DIM = (
    f'{ROOT}/configs/dim_target/dim-target_darknet19_chip64_1xb4-20i_'
    'synth-ir-sequence.py'
)
MRIFE = (
    f'{ROOT}/configs/mrife/mrife_r18-d8-aspp-se_1xb2-20i_synth-landslide.py'
)
MASK_RCNN = (
    f'{ROOT}/configs/bnsa_mask_rcnn/mask-rcnn_r18-bnsa-fpn_focal-siou_'
    'bce-dice-lovasz_1xb2-20i_synth-ir-instance.py'
)


def test_detector_gets_det_tta_with_its_own_nms():
    cfg = Config.fromfile(DIM)
    apply_tta(cfg)
    assert cfg.model.type == 'DetTTAModel'
    assert cfg.model.tta_cfg.nms.iou_threshold == 0.3  # the head's test_cfg
    assert cfg.model.module.bbox_head.type == 'DimTargetHead'
    tta = cfg.test_dataloader.dataset.pipeline[-1]
    flips, (pack,) = tta.transforms
    assert [f['prob'] for f in flips] == [0.0, 1.0]  # unflipped view first
    assert {'flip', 'flip_direction', 'frame_id'} <= set(pack['meta_keys'])


def test_segmentor_and_classifier_models():
    cfg = Config.fromfile(MRIFE)
    apply_tta(cfg)
    assert cfg.model.type == 'SegTTAModel'
    assert cfg.model.module.type == 'MRIFE'
    cfg = Config.fromfile(ABMIL)
    apply_tta(cfg)
    assert cfg.model.type == 'AverageClsScoreTTA'
    # the top-level data_preprocessor (normalisation) goes with the module
    assert cfg.model.module.data_preprocessor.mean == [123.675, 116.28, 103.53]


def test_instance_masks_are_refused():
    with pytest.raises(ValueError, match='no TTA for instance masks'):
        apply_tta(Config.fromfile(MASK_RCNN))


@pytest.mark.e2e
def test_classifier_tta_is_the_mean_of_both_views(tmp_path, abmil_data):
    from mmengine.registry import MODELS, DefaultScope

    import mmir.cls  # noqa: F401
    from mmir.utils.model_loading import load_model_and_dataloader

    cfg = Config.fromfile(ABMIL)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model)
    with torch.no_grad():  # random weights: make the score input-sensitive
        model.head.fc.weight *= 300
    ckpt = tmp_path / 'model.pth'
    torch.save(dict(state_dict=model.state_dict(), meta={}), ckpt)
    root = abmil_data['landmine']
    out = tmp_path / 'tta.pkl'
    run_tool(
        'tools/test.py',
        ABMIL,
        ckpt,
        '--tta',
        '--out',
        out,
        '--data-root',
        root,
        '--work-dir',
        tmp_path / 'w',
    )
    with open(out, 'rb') as f:
        preds = pickle.load(f)
    model, loader, _ = load_model_and_dataloader(
        ABMIL, str(ckpt), data_root=str(root), default_scope='mmpretrain'
    )
    with torch.no_grad():  # a fresh batch each (preprocessing is in place)
        plain = model.test_step(next(iter(loader)))
        batch = next(iter(loader))
        batch['inputs'] = [x.flip(-1) for x in batch['inputs']]
        mirrored = model.test_step(batch)
    gaps = []
    for k in range(len(plain)):
        ref = (plain[k].pred_score + mirrored[k].pred_score) / 2
        assert osp.basename(preds[k]['img_path']) == osp.basename(
            plain[k].img_path
        )
        # the runner's process sums in another order: ~1e-5 apart
        np.testing.assert_allclose(preds[k]['pred_score'], ref, atol=2e-4)
        gaps.append(
            float((plain[k].pred_score - mirrored[k].pred_score).abs().max())
        )
    assert max(gaps) > 4e-3  # one view alone would be far off


@pytest.mark.e2e
def test_segmentor_tta_writes_mask_pngs(tmp_path):
    import cv2

    from mmir.datasets.synthetic import generate

    root = tmp_path / 'landslide_seg'
    generate('landslide_seg', str(root))
    from mmengine.registry import MODELS, DefaultScope

    import mmir.seg  # noqa: F401

    cfg = Config.fromfile(MRIFE)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg.model)
    ckpt = tmp_path / 'model.pth'
    torch.save(dict(state_dict=model.state_dict(), meta={}), ckpt)
    masks = tmp_path / 'masks'
    proc = run_tool(
        'tools/test.py',
        MRIFE,
        ckpt,
        '--tta',
        '--out',
        masks,
        '--data-root',
        f'{root}/',
        '--work-dir',
        tmp_path / 'w',
    )
    assert 'mIoU' in proc.stdout + proc.stderr
    images = sorted((root / 'img_dir/test').iterdir())
    assert sorted(p.name for p in masks.iterdir()) == [p.name for p in images]
    for img in images:
        mask = cv2.imread(str(masks / img.name), -1)
        assert mask.shape == cv2.imread(str(img)).shape[:2]
        assert set(np.unique(mask)) <= {0, 1}
