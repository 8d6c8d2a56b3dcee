"""FocalIoULoss (Wang & Ren 2025, eq. 12)."""

import pytest
import torch
from conftest import boxes64
from mmdet.registry import MODELS
from mmdet.structures.bbox import bbox_overlaps

import mmir.det  # noqa: F401


@pytest.mark.parametrize('base', ['SIoULoss', 'CIoULoss', 'EfficientIoULoss'])
def test_focal_iou_value_is_eq_12(base):
    pred = boxes64([0, 0, 2, 2], [0, 0, 4, 2], [1, 1, 5, 6])
    target = boxes64([1, 1, 3, 3], [1, 0, 3, 2], [0, 0, 4, 4])
    focal = MODELS.build(
        dict(
            type='FocalIoULoss',
            iou_loss=dict(type=base),
            gamma=0.5,
            reduction='none',
        )
    )
    base_loss = focal.iou_loss(pred, target, reduction_override='none')
    iou = bbox_overlaps(pred, target, is_aligned=True)
    torch.testing.assert_close(focal(pred, target), iou**0.5 * base_loss)
    assert focal(
        pred, target, reduction_override='mean'
    ).item() == pytest.approx((iou**0.5 * base_loss).mean().item())


@pytest.mark.parametrize('detach', [True, False])
def test_focal_iou_gradient_through_the_factor_is_optional(detach):
    pred = boxes64([0, 0, 2, 2], [0.5, 0, 4, 2.5]).requires_grad_()
    target = boxes64([1, 1, 3, 3], [1, 0, 3, 2])
    focal = MODELS.build(
        dict(
            type='FocalIoULoss',
            detach_iou=detach,
            iou_loss=dict(type='EfficientIoULoss'),
            reduction='sum',
        )
    )
    (grad,) = torch.autograd.grad(focal(pred, target), pred)
    p = pred.detach().clone().requires_grad_()
    iou = bbox_overlaps(p, target, is_aligned=True)
    base = focal.iou_loss(p, target, reduction_override='none')
    factor = (iou.detach() if detach else iou) ** 0.5
    (expected,) = torch.autograd.grad((factor * base).sum(), p)
    torch.testing.assert_close(grad, expected)
    if not detach:  # the IoU factor contributes a different gradient
        (only_base,) = torch.autograd.grad(
            (
                iou.detach() ** 0.5
                * focal.iou_loss(p, target, reduction_override='none')
            ).sum(),
            p,
        )
        assert not torch.allclose(grad, only_base)


@pytest.mark.parametrize('detach', [True, False])
@pytest.mark.parametrize('base', ['SIoULoss', 'CIoULoss', 'EfficientIoULoss'])
def test_focal_iou_degenerate_boxes_are_finite(base, detach):
    pred = (
        boxes64(
            [0, 0, 2, 2],  # coincident with its target
            [0, 0, 4, 4],  # same centre, different size
            [0, 0, 1, 1],  # disjoint
            [1, 1, 1, 1],  # zero area
            [5, 5, 5, 5],
        )
        .float()
        .requires_grad_()
    )
    target = boxes64(
        [0, 0, 2, 2], [1, 1, 3, 3], [2, 2, 3, 3], [0, 0, 2, 2], [5, 5, 5, 5]
    ).float()
    focal = MODELS.build(
        dict(
            type='FocalIoULoss',
            iou_loss=dict(type=base),
            detach_iou=detach,
            reduction='none',
        )
    )
    loss = focal(pred, target)
    assert torch.isfinite(loss).all()
    assert loss[2] == 0 and loss[3] == 0  # IoU 0 -> IoU^gamma 0
    loss.sum().backward()
    assert torch.isfinite(pred.grad).all()
    # No overlapping pair at all: zero loss, still differentiable.
    none = focal(pred[2:], target[2:], reduction_override='mean')
    assert none.item() == 0 and none.requires_grad


def test_focal_iou_zero_weight_keeps_graph():
    pred = boxes64([0, 0, 2, 2]).requires_grad_()
    focal = MODELS.build(dict(type='FocalIoULoss'))
    out = focal(
        pred,
        boxes64([1, 1, 3, 3]),
        weight=torch.zeros(1, 4, dtype=torch.float64),
    )
    assert out.item() == 0 and out.requires_grad


@pytest.mark.parametrize('loss_type', ['FocalIoULoss', 'EfficientIoULoss'])
@pytest.mark.parametrize('weight_dims', [1, 2])
def test_weight_and_avg_factor_as_mmdets_bbox_head_passes_them(
    loss_type, weight_dims
):
    """mmdet's bbox head calls loss_bbox(pred, target, weight, avg_factor=n):
    the result must be loss_weight * sum(w_i * l_i) / avg_factor, with a
    (n, 4) weight averaged to (n,) first."""
    pred = boxes64([0, 0, 2, 2], [0, 0, 4, 2], [1, 1, 5, 6], [2, 2, 6, 7])
    target = boxes64([1, 1, 3, 3], [1, 0, 3, 2], [0, 0, 4, 4], [2, 1, 6, 6])
    cfg = dict(type=loss_type, loss_weight=3.0)
    if loss_type == 'FocalIoULoss':
        cfg['iou_loss'] = dict(type='SIoULoss')
    loss = MODELS.build(cfg)
    per_box = loss(pred, target, reduction_override='none') / 3.0
    w = torch.tensor([1.0, 0.0, 0.5, 2.0], dtype=torch.float64)
    weight = w if weight_dims == 1 else w[:, None].expand(4, 4).clone()
    got = loss(pred, target, weight, avg_factor=7.0)
    # (mmdet divides by avg_factor + float32 eps)
    expected = 3.0 * (w * per_box).sum() / 7.0
    assert got.item() == pytest.approx(expected.item(), rel=1e-6)
    assert got.item() != pytest.approx(3.0 * (w * per_box).mean().item())
    # without avg_factor, mmdet's 'mean' divides by the number of boxes
    mean = loss(pred, target, weight)
    assert mean.item() == pytest.approx((3.0 * w * per_box).mean().item())


@pytest.mark.parametrize(
    'cfg',
    [dict(type='FocalIoULoss'), dict(type='EfficientIoULoss')],
    ids=['focal-siou', 'eiou'],
)
def test_fp16_boxes_of_a_full_frame_are_computed_in_float32(cfg):
    """Under AMP the bbox head's boxes are fp16; a 590 x 480 box's area
    (283,200) overflows fp16 (max 65,504), so the IoU terms cast (mmdet's
    own SIoULoss gives NaN on these)."""
    loss = MODELS.build(cfg)
    pred = torch.tensor([[10.0, 20, 600, 500], [0, 0, 300, 400]])
    target = torch.tensor([[12.0, 25, 610, 505], [5, 5, 310, 390]])
    half = loss(pred.half(), target.half())
    assert half.dtype == torch.float32 and torch.isfinite(half)
    torch.testing.assert_close(half, loss(pred, target), rtol=1e-3, atol=0)
