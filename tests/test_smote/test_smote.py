"""SMOTE with SSIM neighbours (Tang et al., Algorithm 1)."""

import numpy as np
import pytest
import torch
from conftest import distorted_copies

from mmir.smote import (
    pairwise_ssim,
    smote_ssim,
    ssim_neighbours,
    synthetic_counts,
)


def test_neighbours_are_the_true_top_k():
    imgs = distorted_copies(n=9, seed=3)
    sim = pairwise_ssim(torch.from_numpy(imgs), dtype=torch.float64)
    nbrs = ssim_neighbours(sim, k=5)
    assert nbrs.shape == (9, 5)
    for i in range(9):
        others = [j for j in range(9) if j != i]
        expect = sorted(others, key=lambda j: -sim[i, j].item())[:5]
        assert nbrs[i].tolist() == expect
        assert i not in nbrs[i].tolist()


def test_neighbours_with_fewer_images_than_k_and_ties():
    sim = torch.ones(3, 3)
    assert ssim_neighbours(sim, k=5).tolist() == [[1, 2], [0, 2], [0, 1]]
    with pytest.raises(ValueError, match='at least 2'):
        ssim_neighbours(torch.ones(1, 1))


def test_smote_lambda_bounds_shapes_and_interpolation():
    imgs = distorted_copies(n=5).astype(np.float32)
    counts = np.array([3, 0, 2, 1, 4])
    out, rec = smote_ssim(
        imgs, counts, k=2, alpha=0.3, beta=0.3, clip=(0.1, 0.9), seed=1
    )
    assert out.shape == (10,) + imgs.shape[1:] and out.dtype == np.float32
    sim = pairwise_ssim(torch.from_numpy(imgs))
    nbrs = ssim_neighbours(sim, 2).tolist()
    assert [a for a, _, _ in rec] == [0, 0, 0, 2, 2, 3, 4, 4, 4, 4]
    for m, (a, n, lam) in enumerate(rec):
        assert 0.1 <= lam <= 0.9
        assert n in nbrs[a]
        np.testing.assert_allclose(
            out[m], lam * imgs[a] + (1 - lam) * imgs[n], rtol=1e-5, atol=1e-6
        )
    # Beta(0.3, 0.3) puts most mass near 0 and 1: the clip must bite
    many, rec = smote_ssim(
        imgs, np.full(5, 40), k=2, alpha=0.3, beta=0.3, seed=2, similarity=sim
    )
    lams = np.array([r[2] for r in rec])
    assert lams.min() == 0.1 and lams.max() == 0.9


def test_smote_integer_images_stay_in_range():
    rng = np.random.default_rng(0)
    imgs = rng.integers(0, 65535, (4, 2, 16, 16)).astype(np.uint16)
    out, rec = smote_ssim(imgs, [2, 2, 2, 2], k=3, seed=0)
    assert out.dtype == np.uint16
    a, n, lam = rec[0]
    expect = np.rint(lam * imgs[a].astype(float) + (1 - lam) * imgs[n])
    np.testing.assert_array_equal(out[0], expect.astype(np.uint16))


def test_synthetic_counts():
    assert synthetic_counts(4, n_syn=3).tolist() == [3, 3, 3, 3]
    c = synthetic_counts(4, num_majority=20, target_ratio=1.0, seed=0)
    assert c.sum() == 16 and c.max() - c.min() == 0
    c = synthetic_counts(3, num_majority=20, target_ratio=0.5)
    assert c.sum() == 7 and c.max() - c.min() <= 1
    assert synthetic_counts(30, num_majority=20, target_ratio=1.0).sum() == 0
    with pytest.raises(ValueError, match='exactly one'):
        synthetic_counts(4, 20, n_syn=1, target_ratio=1.0)
