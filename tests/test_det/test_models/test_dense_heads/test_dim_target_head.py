"""DimTargetHead (Zhao et al. 2024, eqs. 2-4): targets, loss, decoding."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmdet.registry import MODELS
from mmengine.structures import InstanceData

import mmir.det  # noqa: F401


# ----------------------------------------------------------- input (eq. 1)
def _head(**kw):
    cfg = dict(
        type='DimTargetHead',
        num_classes=2,
        in_channels=4,
        feat_channels=4,
        num_convs=0,
        stride=8,
        test_cfg=dict(
            score_thr=0.05,
            nms=dict(type='nms', iou_threshold=0.5),
            max_per_img=100,
        ),
    )
    cfg.update(kw)
    head = MODELS.build(cfg)
    head.init_weights()
    return head


def _gt(boxes, labels):
    return InstanceData(
        bboxes=torch.tensor(boxes, dtype=torch.float32),
        labels=torch.tensor(labels),
    )


def test_target_assignment_by_hand():
    head = _head()
    # centres (12, 20) -> cell (2, 1); (13, 21) same cell (second loses it);
    # (40, 4) -> cell (0, 5) with w = 16 = 2 * stride
    gt = _gt(
        [[10.5, 18.5, 13.5, 21.5], [11.5, 19.5, 14.5, 22.5], [32, 2, 48, 6]],
        [0, 1, 1],
    )
    owner, cells, box_t = head.get_targets(gt, h=4, w=6)
    assert cells.tolist() == [2 * 6 + 1, 2 * 6 + 1, 0 * 6 + 5]
    expect = torch.full((24,), -1)
    expect[13], expect[5] = 0, 2
    assert owner.tolist() == expect.tolist()
    np.testing.assert_allclose(
        box_t[0],
        [12 / 8 - 1, 20 / 8 - 2, math.log(3 / 8), math.log(3 / 8)],
        atol=1e-6,
    )
    np.testing.assert_allclose(
        box_t[2],
        [40 / 8 - 5, 4 / 8 - 0, math.log(2), math.log(4 / 8)],
        atol=1e-6,
    )


def test_loss_is_eqs_2_to_4_by_hand():
    a, b = 2.0, 0.5
    head = _head(
        loss_bbox=dict(type='SmoothL1Loss', beta=1.0, loss_weight=a),
        loss_cls=dict(
            type='CrossEntropyLoss', use_sigmoid=True, loss_weight=b
        ),
        loss_conf=dict(
            type='CrossEntropyLoss', use_sigmoid=True, loss_weight=b
        ),
    )
    torch.manual_seed(0)
    pred = torch.randn(2, 7, 4, 6)
    gts = [_gt([[10.5, 18.5, 13.5, 21.5]], [0]), _gt(np.zeros((0, 4)), [])]
    metas = [dict(img_shape=(32, 48), batch_input_shape=(32, 48))] * 2
    losses = head.loss_by_feat(pred, gts, metas)
    # direct: image 0, cell (2, 1); image 1 all negative
    p = pred[0, :, 2, 1]
    t = torch.cat([p[:2].sigmoid(), p[2:4]])
    g = torch.tensor(
        [12 / 8 - 1, 20 / 8 - 2, math.log(3 / 8), math.log(3 / 8)]
    )
    loc = F.smooth_l1_loss(t, g, reduction='sum', beta=1.0)
    cls = F.binary_cross_entropy_with_logits(
        p[5:], torch.tensor([1.0, 0.0]), reduction='sum'
    )
    conf_t = torch.zeros(2, 4, 6)
    conf_t[0, 2, 1] = 1
    conf = F.binary_cross_entropy_with_logits(
        pred[:, 4], conf_t, reduction='sum'
    )
    assert losses['loss_loc'].item() == pytest.approx(
        a * loc.item() / 2, rel=1e-5
    )
    assert losses['loss_cls'].item() == pytest.approx(
        b * cls.item() / 2, rel=1e-5
    )
    assert losses['loss_conf'].item() == pytest.approx(
        b * conf.item() / 2, rel=1e-5
    )
    # per-image / per-label losses of the refinement tool
    per = head.loss_per_image(pred, gts)
    assert per[0]['instances'].shape == (1,)
    inst = (
        a * loc
        + b * cls
        + b * F.binary_cross_entropy_with_logits(p[4], torch.tensor(1.0))
    )
    assert per[0]['instances'][0].item() == pytest.approx(
        inst.item(), rel=1e-5
    )
    total = sum(losses.values()).item() * 2
    assert (per[0]['total'] + per[1]['total']).item() == pytest.approx(
        total, rel=1e-5
    )
    assert per[1]['instances'].shape == (0,)
    # empty batch: finite, differentiable
    pred.requires_grad_(True)
    losses = head.loss_by_feat(pred, [gts[1], gts[1]], metas)
    sum(losses.values()).backward()
    assert torch.isfinite(pred.grad).all()


def test_wrong_stride_is_a_clear_error():
    head = _head()
    with pytest.raises(ValueError, match='stride'):
        head.loss_by_feat(
            torch.zeros(1, 7, 4, 6),
            [_gt(np.zeros((0, 4)), [])],
            [dict(img_shape=(64, 96), batch_input_shape=(64, 96))],
        )


def test_decoding_to_boxes():
    head = _head()
    pred = torch.full((1, 7, 4, 6), -10.0)
    # one confident target at cell (2, 1): centre offsets 0.5 / 0.25,
    # w = 8 * e^0 = 8, h = 8 * e^{log 0.5} = 4
    pred[0, :, 2, 1] = torch.tensor(
        [0.0, math.log(0.25 / 0.75), 0.0, math.log(0.5), 10.0, 10.0, -10.0]
    )
    metas = [dict(img_shape=(32, 48), batch_input_shape=(32, 48))]
    res = head.predict_by_feat(pred, metas)[0]
    assert len(res) == 1 and res.labels.tolist() == [0]
    cx, cy = (1 + 0.5) * 8, (2 + 0.25) * 8
    np.testing.assert_allclose(
        res.bboxes[0].tolist(), [cx - 4, cy - 2, cx + 4, cy + 2], atol=1e-4
    )
    assert res.scores[0].item() == pytest.approx(
        torch.sigmoid(torch.tensor(10.0)).item() ** 2, rel=1e-5
    )
    # rescale to the original image when a resize happened
    metas[0]['scale_factor'] = (2.0, 2.0)
    res = head.predict_by_feat(pred, metas, rescale=True)[0]
    np.testing.assert_allclose(
        res.bboxes[0].tolist(),
        [(cx - 4) / 2, (cy - 2) / 2, (cx + 4) / 2, (cy + 2) / 2],
        atol=1e-4,
    )
    # encoding then decoding a box gives it back
    gt = _gt([[17.0, 9.0, 20.0, 12.0]], [1])
    owner, cells, box_t = head.get_targets(gt, 4, 6)
    raw = torch.full((1, 7, 4, 6), -10.0)
    i, j = divmod(cells[0].item(), 6)
    g = box_t[0]
    raw[0, :4, i, j] = torch.stack(
        [torch.logit(g[0]), torch.logit(g[1]), g[2], g[3]]
    )
    raw[0, 4, i, j], raw[0, 6, i, j] = 10.0, 10.0
    res = head.predict_by_feat(raw, [dict(img_shape=(32, 48))])[0]
    np.testing.assert_allclose(
        res.bboxes[0].tolist(), [17, 9, 20, 12], atol=1e-4
    )
    assert res.labels.tolist() == [1]


# -------------------------------------------------------------- backbones
