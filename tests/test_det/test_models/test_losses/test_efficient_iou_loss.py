"""EfficientIoULoss (EIoU of Zhang et al. 2022) by hand; mmdet SIoU
settings."""

import math

import pytest
import torch
from conftest import boxes64
from mmdet.models.losses import EIoULoss, SIoULoss
from mmdet.registry import MODELS
from mmdet.structures.bbox import bbox_overlaps

import mmir.det  # noqa: F401

# (pred, target, EIoU by hand)
EIOU_CASES = [
    ([0, 0, 2, 2], [1, 1, 3, 3], 1 - 1 / 7 + 2 / 18),
    ([0, 0, 2, 2], [0, 0, 2, 2], 0.0),  # coincident
    ([0, 0, 1, 1], [2, 0, 3, 1], 1 + 4 / 10),  # disjoint
    ([1, 1, 1, 1], [0, 0, 2, 2], 1 + 0 + 4 / 4 + 4 / 4),  # zero-area pred
    ([0, 0, 4, 2], [1, 0, 3, 2], 1 - 0.5 + 0 + 4 / 16),  # same centre
]


@pytest.mark.parametrize('pred,target,expected', EIOU_CASES)
def test_efficient_iou_by_hand(pred, target, expected):
    loss = MODELS.build(dict(type='EfficientIoULoss', eps=1e-12))
    p = boxes64(pred).requires_grad_()
    value = loss(p, boxes64(target))
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
        pred, target, reduction_override='none'
    )
    theirs = EIoULoss()(pred, target, reduction_override='none')
    assert (ours - theirs).abs().max() > 0.1


def _siou_paper(pred, target):
    """Eqs. 7-11 of the BNSA paper, written out directly."""
    cp, ct = (
        (pred[:, :2] + pred[:, 2:]) / 2,
        (target[:, :2] + target[:, 2:]) / 2,
    )
    wp, hp = (pred[:, 2:] - pred[:, :2]).unbind(1)
    wt, ht = (target[:, 2:] - target[:, :2]).unbind(1)
    sigma = ((ct - cp) ** 2).sum(1).sqrt()
    c_h = (ct[:, 1] - cp[:, 1]).abs()
    lam = 1 - 2 * torch.sin(torch.asin(c_h / sigma) - math.pi / 4) ** 2
    enclose = torch.max(pred[:, 2:], target[:, 2:]) - torch.min(
        pred[:, :2], target[:, :2]
    )
    rho = ((ct - cp) / enclose) ** 2
    gamma = 2 - lam
    delta = (1 - torch.exp(-gamma[:, None] * rho)).sum(1)
    omega_w = (wp - wt).abs() / torch.max(wp, wt)
    omega_h = (hp - ht).abs() / torch.max(hp, ht)
    shape = (1 - torch.exp(-omega_w)) ** 4 + (1 - torch.exp(-omega_h)) ** 4
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
        pred, target, reduction_override='none'
    )
    default = SIoULoss(eps=1e-12)(pred, target, reduction_override='none')
    torch.testing.assert_close(matched, paper, atol=1e-6, rtol=0)
    assert (default - paper).abs().max() > 0.1
    # FocalIoULoss switches neg_gamma on for SIoU.
    assert MODELS.build(dict(type='FocalIoULoss')).iou_loss.neg_gamma
