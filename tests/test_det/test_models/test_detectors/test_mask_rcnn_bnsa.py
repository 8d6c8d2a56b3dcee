"""The BNSA neck and both losses inside a real mmdet Mask R-CNN: the mask
loss is called by FCNMaskHead exactly as mmdet calls its own."""

import json

import pytest
import torch
from conftest import ROOT
from mmdet.registry import MODELS
from mmdet.testing import demo_mm_inputs
from mmengine.config import Config
from mmengine.registry import init_default_scope

import mmir.det  # noqa: F401


def test_losses_of_a_mask_rcnn_with_bnsa():
    init_default_scope('mmdet')
    cfg = Config.fromfile(
        f'{ROOT}/configs/synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py'
    )
    model_cfg = cfg.model
    model_cfg.neck.update(type='BNSAFPN', bnsa_levels=(1, 2))
    model_cfg.roi_head.bbox_head.update(
        reg_decoded_bbox=True,
        loss_bbox=dict(
            type='FocalIoULoss',
            iou_loss=dict(type='SIoULoss'),
            gamma=0.5,
            loss_weight=10.0,
        ),
    )
    model_cfg.roi_head.mask_head.loss_mask = dict(type='MaskBCEDiceLovaszLoss')
    model = MODELS.build(model_cfg)
    assert type(model.neck).__name__ == 'BNSAFPN'
    torch.manual_seed(0)
    packed = demo_mm_inputs(
        2,
        [[3, 128, 160], [3, 128, 160]],
        num_items=[3, 2],
        num_classes=4,
        with_mask=True,
    )
    data = model.data_preprocessor(packed, True)
    losses = model.loss(data['inputs'], data['data_samples'])
    for key in ('loss_mask', 'loss_bbox', 'loss_cls'):
        assert torch.isfinite(losses[key]).all(), key
    # GT boxes are added as proposals, so the mask loss saw positive RoIs.
    assert losses['loss_mask'] > 0
    assert (
        type(model.roi_head.mask_head.loss_mask).__name__
        == 'MaskBCEDiceLovaszLoss'
    )
    assert type(model.roi_head.bbox_head.loss_bbox).__name__ == 'FocalIoULoss'
    total = sum(
        v
        for k, v in losses.items()
        if 'loss' in k
        for v in (v if isinstance(v, list) else [v])
    )
    total.backward()
    bnsa = model.neck.bnsa
    assert all(
        p.grad is not None and torch.isfinite(p.grad).all()
        for p in bnsa.parameters()
    )


@pytest.mark.e2e
def test_final_config_trains_and_tests(tmp_path, synthetic_root):
    """The paper's final model: 2 iterations, checkpoint, tools/test.py."""
    from conftest import run_tool

    config = (
        'configs/bnsa_mask_rcnn/mask-rcnn_r50-bnsa-fpn_focal-siou_'
        'bce-dice-lovasz_1xb2-100e_synth-ir-instance.py'
    )
    data = ['--data-root', f'{synthetic_root / "ir_instance"}/']
    work = tmp_path / 'work'
    run_tool(
        'tools/train.py',
        config,
        '--work-dir',
        work,
        *data,
        '--cfg-options',
        'train_cfg.max_epochs=1',
        'train_cfg.val_interval=1',
        'default_hooks.logger.interval=1',
        'train_dataloader.dataset.indices=4',
        'val_dataloader.dataset.indices=2',
        'model.test_cfg.rcnn.score_thr=0.0',
    )
    ckpt = work / 'epoch_1.pth'
    assert ckpt.is_file()
    log = next(work.glob('*/*.log')).read_text()
    assert 'loss_mask' in log and 'loss_bbox' in log
    run_tool(
        'tools/test.py',
        config,
        ckpt,
        '--work-dir',
        tmp_path / 'test',
        *data,
        '--cfg-options',
        'test_dataloader.dataset.indices=2',
        'model.test_cfg.rcnn.score_thr=0.0',
    )
    metrics = json.loads(
        next((tmp_path / 'test').glob('*/*.json')).read_text()
    )
    assert isinstance(metrics['coco/segm_mAP'], float)
    assert isinstance(metrics['coco/bbox_mAP'], float)
    assert 0 <= metrics['coco/segm_AR@100'] <= 1  # the tables' "Recall"
