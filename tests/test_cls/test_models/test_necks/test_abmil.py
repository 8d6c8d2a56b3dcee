"""ABMILPooling against a direct computation of the paper's eqs. (1)-(2)."""

import numpy as np
import pytest
import torch

from mmir.cls.models.necks import ABMILPooling


def direct_abmil(h, V, bV, U, bU, w, gated=True):
    """Eqs. (1)-(2) for one bag, numpy float64: h (N, D)."""
    hidden = np.tanh(h @ V.T + bV)
    if gated:
        hidden = hidden * (1 / (1 + np.exp(-(h @ U.T + bU))))
    logits = hidden @ w
    a = np.exp(logits - logits.max())
    a /= a.sum()
    return a, (a[:, None] * h).sum(0)


def _weights(neck):
    g = lambda t: t.detach().double().numpy()  # noqa: E731
    U = neck.attention_U
    return (
        g(neck.attention_V.weight),
        g(neck.attention_V.bias),
        g(U.weight) if U is not None else None,
        g(U.bias) if U is not None else None,
        g(neck.attention_w.weight)[0],
    )


@pytest.mark.parametrize('gated', [True, False])
def test_matches_equations_cnn_input(gated):
    torch.manual_seed(0)
    neck = ABMILPooling(in_channels=16, hidden_channels=8, gated=gated)
    x = torch.randn(3, 16, 5, 7)
    (z,) = neck((x,))  # a backbone tuple: its last item is used
    assert z.shape == (3, 16)
    maps = neck.attention_maps()
    assert maps.shape == (3, 5, 7)
    for b in range(3):
        h = x[b].flatten(1).T.double().numpy()  # (35, 16) instances
        a, zb = direct_abmil(h, *_weights(neck), gated=gated)
        np.testing.assert_allclose(maps[b].flatten().numpy(), a, atol=1e-6)
        np.testing.assert_allclose(z[b].detach().numpy(), zb, atol=1e-5)
        assert a.sum() == pytest.approx(1.0)


def test_token_input_drops_prefix_tokens():
    torch.manual_seed(1)
    neck = ABMILPooling(in_channels=12, hidden_channels=6, num_prefix_tokens=1)
    tokens = torch.randn(2, 1 + 9, 12)
    (z,) = neck(tokens)
    att = neck.attention_maps()
    assert att.shape == (2, 9)  # no grid for tokens: (B, N)
    for b in range(2):
        a, zb = direct_abmil(tokens[b, 1:].double().numpy(), *_weights(neck))
        np.testing.assert_allclose(z[b].detach().numpy(), zb, atol=1e-5)
        np.testing.assert_allclose(att[b].numpy(), a, atol=1e-6)
    # Changing the class token changes nothing.
    tokens2 = tokens.clone()
    tokens2[:, 0] += 100
    torch.testing.assert_close(neck(tokens2)[0], z)


def test_attention_sums_to_one_and_permutation_invariance():
    torch.manual_seed(2)
    neck = ABMILPooling(in_channels=8, hidden_channels=4).eval()
    h = torch.randn(4, 20, 8)
    (z,) = neck(h)
    a = neck.last_attention
    torch.testing.assert_close(a.sum(1), torch.ones(4))
    assert (a >= 0).all()
    perm = torch.randperm(20)
    (zp,) = neck(h[:, perm])
    torch.testing.assert_close(zp, z, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(neck.last_attention, a[:, perm])


def test_single_instance_and_extreme_values():
    neck = ABMILPooling(in_channels=4, hidden_channels=3)
    h = torch.randn(2, 4, 1, 1)
    (z,) = neck(h)
    torch.testing.assert_close(z, h.flatten(1))  # one instance: a = 1
    big = torch.randn(2, 50, 4) * 1e4  # saturating tanh/sigm: no NaN
    (z,) = neck(big)
    assert torch.isfinite(z).all()
    torch.testing.assert_close(neck.last_attention.sum(1), torch.ones(2))


def test_gradients_reach_attention_and_instances():
    neck = ABMILPooling(in_channels=6, hidden_channels=5, dropout=0.1)
    x = torch.randn(2, 6, 3, 3, requires_grad=True)
    neck(x)[0].sum().backward()
    assert x.grad.abs().sum() > 0
    for p in (
        neck.attention_V.weight,
        neck.attention_U.weight,
        neck.attention_w.weight,
    ):
        assert p.grad is not None and p.grad.abs().sum() > 0


def test_bad_input():
    neck = ABMILPooling(in_channels=4)
    with pytest.raises(ValueError, match=r'\(B, C, H, W\)'):
        neck(torch.randn(2, 4))
    with pytest.raises(ValueError, match='in_channels=4'):
        neck(torch.randn(2, 5, 3, 3))
    with pytest.raises(ValueError, match='empty bag'):
        ABMILPooling(in_channels=4, num_prefix_tokens=1)(torch.randn(2, 1, 4))
    assert ABMILPooling(in_channels=4).attention_maps() is None


def test_learns_to_attend_to_the_one_positive_instance():
    """Bags of 16 noise instances; a positive bag hides one instance with a
    shifted feature (the few-pixel mine of the paper). ABMIL + a linear
    head trained briefly separates the bags and puts most of its attention
    on that instance (uniform would be 1/16)."""
    torch.manual_seed(0)

    def bags(n):
        x = torch.randn(n, 16, 8)
        y = (torch.arange(n) % 2).float()
        where = torch.randint(0, 16, (n,))
        x[torch.arange(n), where, :4] += 3.0 * y[:, None]
        return x, y, where

    pool = ABMILPooling(in_channels=8, hidden_channels=16)
    head = torch.nn.Linear(8, 1)
    opt = torch.optim.Adam([*pool.parameters(), *head.parameters()], lr=1e-2)
    x, y, _ = bags(256)
    for _ in range(150):
        opt.zero_grad()
        (z,) = pool(x)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            head(z).squeeze(1), y
        )
        loss.backward()
        opt.step()
    xt, yt, where = bags(200)
    with torch.no_grad():
        (z,) = pool(xt)
        acc = ((head(z).squeeze(1) > 0).float() == yt).float().mean()
        attn = pool.last_attention
    on_target = attn[torch.arange(200), where][yt == 1].mean()
    assert acc > 0.95
    assert on_target > 0.5
