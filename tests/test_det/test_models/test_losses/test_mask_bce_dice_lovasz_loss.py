"""MaskBCEDiceLovaszLoss (Wang & Ren 2025, eqs. 13-18)."""

import math

import pytest
import torch
import torch.nn.functional as F
from mmdet.registry import MODELS

import mmir.det  # noqa: F401
from mmir.det.models.losses import lovasz_hinge_per_roi, lovasz_softmax_per_roi


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
        F.relu(1 - logit * (2 * target - 1)), target
    )


def _lovasz_softmax_by_definition(logit, target):
    """Eqs. 15-17: the extension at f = 1 - p on true pixels, p elsewhere."""
    p = torch.sigmoid(logit)
    f = [
        float(1 - p[i]) if target[i] == 1 else float(p[i])
        for i in range(len(p))
    ]
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
            abs=1e-9,
        )


def test_lovasz_softmax_against_eqs_15_17():
    torch.manual_seed(3)
    logits = torch.randn(5, 4, 4, dtype=torch.float64) * 3
    targets = (torch.rand(5, 4, 4) > 0.5).double()
    targets[3] = 0  # an RoI with an empty mask: max p
    targets[4] = 1  # all foreground: J(M) = |M| / n, so mean(1 - p)
    ours = lovasz_softmax_per_roi(logits.sigmoid(), targets)
    for i in range(5):
        assert ours[i].item() == pytest.approx(
            _lovasz_softmax_by_definition(
                logits[i].flatten(), targets[i].flatten()
            ),
            abs=1e-9,
        )
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
    reference = (
        _lovasz_softmax_by_definition
        if mode == 'softmax'
        else _lovasz_by_definition
    )
    chosen = pred[torch.arange(3), label]
    x = chosen.sigmoid()
    bce = -(target * torch.log(x) + (1 - target) * torch.log(1 - x)).mean()
    dice = (
        1
        - (2 * (x * target).sum((1, 2)) + 1e-3)
        / (x.sum((1, 2)) + target.sum((1, 2)) + 1e-3)
    ).mean()
    lovasz = torch.tensor(
        [reference(chosen[i].flatten(), target[i].flatten()) for i in range(3)]
    ).mean()
    assert value.item() == pytest.approx(
        (bce + dice + 0.1 * lovasz).item(), abs=1e-7
    )
    # each term carries its own weight (eq. 18 with other lambdas)
    weighted = MODELS.build(
        dict(cfg, bce_weight=0.5, dice_weight=2.0, lovasz_weight=0.3)
    )
    assert weighted(pred, target, label).item() == pytest.approx(
        (0.5 * bce + 2.0 * dice + 0.3 * lovasz).item(), abs=1e-7
    )
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


def test_fp16_logits_give_the_float32_loss():
    """Under AMP the mask head's logits are fp16: the loss (and Lovász's
    sort) runs in float32."""
    torch.manual_seed(0)
    loss = MODELS.build(dict(type='MaskBCEDiceLovaszLoss'))
    pred = torch.randn(4, 2, 28, 28) * 8
    target = (torch.rand(4, 28, 28) > 0.5).float()
    label = torch.tensor([0, 1, 1, 0])
    half = loss(pred.half(), target, label)
    assert half.dtype == torch.float32
    ref = loss(pred.half().float(), target, label)
    torch.testing.assert_close(half, ref)
