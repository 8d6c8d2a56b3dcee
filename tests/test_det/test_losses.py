import math

import pytest
import torch
import torch.nn.functional as F

import mmir.det  # noqa: F401
from mmdet.models.losses import EIoULoss, SIoULoss
from mmdet.registry import MODELS
from mmdet.structures.bbox import bbox_overlaps
from mmir.det.models.losses import (lovasz_hinge_per_roi,
                                     lovasz_softmax_per_roi)


def _boxes(*rows):
    return torch.tensor(rows, dtype=torch.float64)


# (pred, target, EIoU by hand)
EIOU_CASES = [
    ([0, 0, 2, 2], [1, 1, 3, 3], 1 - 1 / 7 + 2 / 18),
    ([0, 0, 2, 2], [0, 0, 2, 2], 0.0),                 # coincident
    ([0, 0, 1, 1], [2, 0, 3, 1], 1 + 4 / 10),          # disjoint
    ([1, 1, 1, 1], [0, 0, 2, 2], 1 + 0 + 4 / 4 + 4 / 4),  # zero-area pred
    ([0, 0, 4, 2], [1, 0, 3, 2], 1 - 0.5 + 0 + 4 / 16),   # same centre
]


@pytest.mark.parametrize('pred,target,expected', EIOU_CASES)
def test_efficient_iou_by_hand(pred, target, expected):
    loss = MODELS.build(dict(type='EfficientIoULoss', eps=1e-12))
    p = _boxes(pred).requires_grad_()
    value = loss(p, _boxes(target))
    assert value.item() == pytest.approx(expected, abs=1e-9)
    value.backward()
    assert torch.isfinite(p.grad).all()


def test_efficient_iou_is_not_mmdets_extended_iou():
    torch.manual_seed(0)
    xy = torch.rand(64, 2) * 10
    pred = torch.cat([xy, xy + 1 + torch.rand(64, 2) * 5], 1)
    xy = torch.rand(64, 2) * 10
    target = torch.cat([xy, xy + 1 + torch.rand(64, 2) * 5], 1)
    ours = MODELS.build(dict(type='EfficientIoULoss'))(
        pred, target, reduction_override='none')
    theirs = EIoULoss()(pred, target, reduction_override='none')
    assert (ours - theirs).abs().max() > 0.1


def _siou_paper(pred, target):
    """Eqs. 7-11 of the BNSA paper, written out directly."""
    cp, ct = (pred[:, :2] + pred[:, 2:]) / 2, (target[:, :2] + target[:, 2:]) / 2
    wp, hp = (pred[:, 2:] - pred[:, :2]).unbind(1)
    wt, ht = (target[:, 2:] - target[:, :2]).unbind(1)
    sigma = ((ct - cp)**2).sum(1).sqrt()
    c_h = (ct[:, 1] - cp[:, 1]).abs()
    lam = 1 - 2 * torch.sin(torch.asin(c_h / sigma) - math.pi / 4)**2
    enclose = torch.max(pred[:, 2:], target[:, 2:]) - \
        torch.min(pred[:, :2], target[:, :2])
    rho = ((ct - cp) / enclose)**2
    gamma = 2 - lam
    delta = (1 - torch.exp(-gamma[:, None] * rho)).sum(1)
    omega_w = (wp - wt).abs() / torch.max(wp, wt)
    omega_h = (hp - ht).abs() / torch.max(hp, ht)
    shape = (1 - torch.exp(-omega_w))**4 + (1 - torch.exp(-omega_h))**4
    iou = bbox_overlaps(pred, target, is_aligned=True)
    return 1 - iou + (delta + shape) / 2


def test_mmdet_siou_matches_paper_only_with_neg_gamma():
    torch.manual_seed(1)
    xy = torch.rand(256, 2) * 20
    pred = torch.cat([xy, xy + 1 + torch.rand(256, 2) * 8], 1).double()
    xy = torch.rand(256, 2) * 20
    target = torch.cat([xy, xy + 1 + torch.rand(256, 2) * 8], 1).double()
    paper = _siou_paper(pred, target)
    matched = SIoULoss(neg_gamma=True, eps=1e-12)(
        pred, target, reduction_override='none')
    default = SIoULoss(eps=1e-12)(pred, target, reduction_override='none')
    torch.testing.assert_close(matched, paper, atol=1e-6, rtol=0)
    assert (default - paper).abs().max() > 0.1
    # FocalIoULoss switches neg_gamma on for SIoU.
    assert MODELS.build(dict(type='FocalIoULoss')).iou_loss.neg_gamma


@pytest.mark.parametrize('base', ['SIoULoss', 'CIoULoss', 'EfficientIoULoss'])
def test_focal_iou_value_is_eq_12(base):
    pred = _boxes([0, 0, 2, 2], [0, 0, 4, 2], [1, 1, 5, 6])
    target = _boxes([1, 1, 3, 3], [1, 0, 3, 2], [0, 0, 4, 4])
    focal = MODELS.build(dict(type='FocalIoULoss', iou_loss=dict(type=base),
                              gamma=0.5, reduction='none'))
    base_loss = focal.iou_loss(pred, target, reduction_override='none')
    iou = bbox_overlaps(pred, target, is_aligned=True)
    torch.testing.assert_close(focal(pred, target), iou**0.5 * base_loss)
    assert focal(pred, target, reduction_override='mean').item() == \
        pytest.approx((iou**0.5 * base_loss).mean().item())


@pytest.mark.parametrize('detach', [True, False])
def test_focal_iou_gradient_through_the_factor_is_optional(detach):
    pred = _boxes([0, 0, 2, 2], [0.5, 0, 4, 2.5]).requires_grad_()
    target = _boxes([1, 1, 3, 3], [1, 0, 3, 2])
    focal = MODELS.build(dict(type='FocalIoULoss', detach_iou=detach,
                              iou_loss=dict(type='EfficientIoULoss'),
                              reduction='sum'))
    (grad, ) = torch.autograd.grad(focal(pred, target), pred)
    p = pred.detach().clone().requires_grad_()
    iou = bbox_overlaps(p, target, is_aligned=True)
    base = focal.iou_loss(p, target, reduction_override='none')
    factor = (iou.detach() if detach else iou)**0.5
    (expected, ) = torch.autograd.grad((factor * base).sum(), p)
    torch.testing.assert_close(grad, expected)
    if not detach:  # the IoU factor contributes a different gradient
        (only_base, ) = torch.autograd.grad(
            (iou.detach()**0.5 * focal.iou_loss(
                p, target, reduction_override='none')).sum(), p)
        assert not torch.allclose(grad, only_base)


@pytest.mark.parametrize('detach', [True, False])
@pytest.mark.parametrize('base', ['SIoULoss', 'CIoULoss', 'EfficientIoULoss'])
def test_focal_iou_degenerate_boxes_are_finite(base, detach):
    pred = _boxes([0, 0, 2, 2],      # coincident with its target
                  [0, 0, 4, 4],      # same centre, different size
                  [0, 0, 1, 1],      # disjoint
                  [1, 1, 1, 1],      # zero area
                  [5, 5, 5, 5]).float().requires_grad_()
    target = _boxes([0, 0, 2, 2], [1, 1, 3, 3], [2, 2, 3, 3], [0, 0, 2, 2],
                    [5, 5, 5, 5]).float()
    focal = MODELS.build(dict(type='FocalIoULoss', iou_loss=dict(type=base),
                              detach_iou=detach, reduction='none'))
    loss = focal(pred, target)
    assert torch.isfinite(loss).all()
    assert loss[2] == 0 and loss[3] == 0  # IoU 0 -> IoU^gamma 0
    loss.sum().backward()
    assert torch.isfinite(pred.grad).all()
    # No overlapping pair at all: zero loss, still differentiable.
    none = focal(pred[2:], target[2:], reduction_override='mean')
    assert none.item() == 0 and none.requires_grad


def test_focal_iou_zero_weight_keeps_graph():
    pred = _boxes([0, 0, 2, 2]).requires_grad_()
    focal = MODELS.build(dict(type='FocalIoULoss'))
    out = focal(pred, _boxes([1, 1, 3, 3]), weight=torch.zeros(1, 4,
                                                                dtype=torch.float64))
    assert out.item() == 0 and out.requires_grad


def _lovasz_extension_by_definition(m, target):
    """Lovasz extension of the Jaccard loss of the positive class at the
    errors m (Berman et al.): sum_i m_(i) (J(S_i) - J(S_(i-1))) with
    J(S) = |S| / |{y = 1} u S| over the i largest errors S_i."""
    order = sorted(range(len(m)), key=lambda i: -float(m[i]))
    pos = {i for i in range(len(m)) if target[i] == 1}

    def jaccard_loss(mistakes):
        union = pos | mistakes
        return len(mistakes & union) / len(union) if union else 0.0

    total, prev, chosen = 0.0, 0.0, set()
    for i in order:
        chosen.add(i)
        cur = jaccard_loss(set(chosen))
        total += float(m[i]) * (cur - prev)
        prev = cur
    return total


def _lovasz_by_definition(logit, target):
    """Lovasz hinge: the extension at max(0, 1 - logit (2y - 1))."""
    return _lovasz_extension_by_definition(
        F.relu(1 - logit * (2 * target - 1)), target)


def _lovasz_softmax_by_definition(logit, target):
    """Eqs. 15-17: the extension at f = 1 - p on true pixels, p elsewhere."""
    p = torch.sigmoid(logit)
    f = [float(1 - p[i]) if target[i] == 1 else float(p[i])
         for i in range(len(p))]
    return _lovasz_extension_by_definition(f, target)


def test_lovasz_hinge_against_the_definition():
    torch.manual_seed(3)
    logits = torch.randn(4, 3, 3, dtype=torch.float64) * 2
    targets = (torch.rand(4, 3, 3) > 0.5).double()
    targets[3] = 0  # an RoI with an empty mask
    ours = lovasz_hinge_per_roi(logits, targets)
    for i in range(4):
        assert ours[i].item() == pytest.approx(
            _lovasz_by_definition(logits[i].flatten(), targets[i].flatten()),
            abs=1e-9)


def test_lovasz_softmax_against_eqs_15_17():
    torch.manual_seed(3)
    logits = torch.randn(5, 4, 4, dtype=torch.float64) * 3
    targets = (torch.rand(5, 4, 4) > 0.5).double()
    targets[3] = 0  # an RoI with an empty mask: max p
    targets[4] = 1  # all foreground: J(M) = |M| / n, so mean(1 - p)
    ours = lovasz_softmax_per_roi(logits.sigmoid(), targets)
    for i in range(5):
        assert ours[i].item() == pytest.approx(_lovasz_softmax_by_definition(
            logits[i].flatten(), targets[i].flatten()), abs=1e-9)
    p = logits.sigmoid()
    assert ours[3].item() == pytest.approx(p[3].max().item(), abs=1e-12)
    assert ours[4].item() == pytest.approx((1 - p[4]).mean().item(), abs=1e-12)


def test_lovasz_softmax_is_bounded_where_the_hinge_is_not():
    """|logit| = 8 with every pixel wrong: eqs. 15-17 give ~1, the hinge 9."""
    target = (torch.arange(28 * 28) % 3 == 0).double().view(1, 28, 28)
    logits = 8.0 * (1 - 2 * target)  # confident and wrong everywhere
    soft = lovasz_softmax_per_roi(logits.sigmoid(), target).item()
    hinge = lovasz_hinge_per_roi(logits, target).item()
    assert soft == pytest.approx(1 - 1 / (1 + math.exp(8)), abs=1e-9)
    assert hinge == pytest.approx(9.0, abs=1e-9)
    torch.manual_seed(0)
    random = 8.0 * torch.randn(16, 28, 28).sign()
    masks = (torch.rand(16, 28, 28) > 0.5).double()
    values = lovasz_softmax_per_roi(random.sigmoid(), masks)
    assert (values >= 0).all() and (values <= 1).all()


@pytest.mark.parametrize('mode', ['softmax', 'hinge'])
def test_mask_loss_is_eq_18(mode):
    torch.manual_seed(4)
    pred = torch.randn(3, 4, 7, 7, dtype=torch.float64, requires_grad=True)
    target = (torch.rand(3, 7, 7) > 0.6).double()
    label = torch.tensor([2, 0, 3])
    cfg = dict(type='MaskBCEDiceLovaszLoss')
    if mode == 'hinge':
        cfg['lovasz_mode'] = 'hinge'  # the default is eqs. 15-17
    loss = MODELS.build(cfg)
    value = loss(pred, target, label)
    reference = _lovasz_softmax_by_definition if mode == 'softmax' \
        else _lovasz_by_definition
    chosen = pred[torch.arange(3), label]
    x = chosen.sigmoid()
    bce = -(target * torch.log(x) + (1 - target) * torch.log(1 - x)).mean()
    dice = (1 - (2 * (x * target).sum((1, 2)) + 1e-3) /
            (x.sum((1, 2)) + target.sum((1, 2)) + 1e-3)).mean()
    lovasz = torch.tensor([reference(chosen[i].flatten(), target[i].flatten())
                           for i in range(3)]).mean()
    assert value.item() == pytest.approx((bce + dice + 0.1 * lovasz).item(),
                                         abs=1e-7)
    value.backward()
    assert torch.isfinite(pred.grad).all()
    # Only the labelled channel of each RoI gets a gradient.
    other = torch.ones(3, 4, dtype=torch.bool)
    other[torch.arange(3), label] = False
    assert pred.grad.abs().sum((2, 3))[other].max() == 0


def test_mask_loss_rejects_unknown_lovasz_mode():
    with pytest.raises(ValueError, match='lovasz_mode'):
        MODELS.build(dict(type='MaskBCEDiceLovaszLoss', lovasz_mode='soft'))


def test_mask_loss_empty_and_degenerate():
    loss = MODELS.build(dict(type='MaskBCEDiceLovaszLoss'))
    empty = torch.zeros(0, 4, 28, 28, requires_grad=True)
    out = loss(empty, torch.zeros(0, 28, 28), torch.zeros(0, dtype=torch.long))
    assert out.item() == 0 and out.requires_grad
    pred = torch.full((2, 4, 28, 28), 50.0, requires_grad=True)  # saturated
    target = torch.zeros(2, 28, 28)  # empty masks
    out = loss(pred, target, torch.tensor([1, 3]))
    assert torch.isfinite(out)
    out.backward()
    assert torch.isfinite(pred.grad).all()
