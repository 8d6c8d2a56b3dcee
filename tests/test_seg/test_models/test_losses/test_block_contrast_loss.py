"""Eqs. 4-5 of the MRIFE paper against a direct float64 computation."""

import math

import pytest
import torch
import torch.nn.functional as F

from mmir.seg.models.losses import BlockContrastLoss, block_contrast_loss


def _eq5(feats, labels, tau):
    x = F.normalize(feats.double(), dim=1)
    pos = [x[k] for k in range(len(x)) if labels[k] == 1]
    neg = [x[k] for k in range(len(x)) if labels[k] == 0]
    n = len(pos)
    terms = []
    for i in range(n):
        li = 0.0
        for j in range(n):
            if i == j:
                continue
            a = math.exp(float(pos[i] @ pos[j]) / tau)
            b = sum(math.exp(float(pos[i] @ xk) / tau) for xk in neg)
            li += math.log(a / (a + b))
        terms.append(-li / n)
    return sum(terms), terms


@pytest.mark.parametrize('seed', range(3))
@pytest.mark.parametrize('tau', [0.07, 0.5])
def test_matches_eq5(seed, tau):
    g = torch.Generator().manual_seed(seed)
    feats = torch.randn(11, 6, generator=g)
    labels = torch.tensor([1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
    total, terms = _eq5(feats, labels, tau)
    got_sum = block_contrast_loss(feats.double(), labels, tau, 'sum')
    got_mean = block_contrast_loss(feats.double(), labels, tau, 'mean')
    assert got_sum.item() == pytest.approx(total, rel=1e-9)
    assert got_mean.item() == pytest.approx(total / len(terms), rel=1e-9)
    module = BlockContrastLoss(
        temperature=tau, reduction='sum', loss_weight=2.0
    )
    assert module(feats.double(), labels).item() == pytest.approx(2 * total)


def test_degenerate_sets_give_zero_and_gradients():
    feats = torch.randn(4, 3, requires_grad=True)
    one_pos = block_contrast_loss(feats, torch.tensor([1, 0, 0, 0]))
    assert one_pos.item() == 0
    one_pos.backward()
    assert feats.grad is not None
    no_neg = block_contrast_loss(feats, torch.tensor([1, 1, 1, 1]))
    assert no_neg.item() == pytest.approx(0.0)
    empty = block_contrast_loss(torch.zeros(0, 3), torch.zeros(0).long())
    assert empty.item() == 0


def test_saturated_inputs_stay_finite():
    feats = torch.randn(20, 8) * 1e4
    feats[:, 0] += 1e6
    labels = torch.arange(20) % 2
    feats.requires_grad_(True)
    loss = block_contrast_loss(feats, labels, temperature=0.01)
    loss.backward()
    assert torch.isfinite(loss) and torch.isfinite(feats.grad).all()


def test_separated_classes_lower_the_loss():
    base = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    labels = torch.tensor([1, 1, 1, 0, 0, 0])
    apart = torch.cat([base[0].repeat(3, 1), base[1].repeat(3, 1)])
    mixed = torch.cat([base[0].repeat(3, 1), base[0].repeat(3, 1)])
    assert block_contrast_loss(apart, labels) < block_contrast_loss(
        mixed, labels
    )


def test_bad_arguments():
    with pytest.raises(ValueError, match='reduction'):
        block_contrast_loss(
            torch.randn(3, 2), torch.ones(3).long(), reduction='none'
        )
    with pytest.raises(ValueError, match='temperature'):
        BlockContrastLoss(temperature=0)


def test_fp16_features_do_not_overflow():
    """e^(x.y / 0.07) reaches e^14.3 = 1.6e6 for aligned features: past
    fp16's 65,504, so the loss runs in float32 under AMP."""
    torch.manual_seed(0)
    feats = torch.randn(12, 8)
    feats[1] = feats[0]  # a perfectly aligned positive pair
    labels = torch.tensor([1, 1, 1, 0] * 3)
    half = block_contrast_loss(feats.half(), labels, 0.07)
    assert half.dtype == torch.float32 and torch.isfinite(half)
    ref = block_contrast_loss(feats.half().float(), labels, 0.07)
    torch.testing.assert_close(half, ref)
