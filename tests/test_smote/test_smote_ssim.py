import numpy as np
import pytest
import torch
from skimage.metrics import structural_similarity

from mmir.smote import (
    pairwise_ssim,
    smote_ssim,
    ssim,
    ssim_neighbours,
    synthetic_counts,
)


def _direct_ssim(x, y, data_range):
    """Mean over bands of skimage's Gaussian SSIM (Wang et al. 2004)."""
    return np.mean(
        [
            structural_similarity(
                x[c],
                y[c],
                data_range=float(data_range[c]),
                gaussian_weights=True,
                sigma=1.5,
                use_sample_covariance=False,
            )
            for c in range(len(x))
        ]
    )


def _images(n=6, c=3, h=20, w=24, seed=0):
    rng = np.random.default_rng(seed)
    base = rng.random((c, h, w))
    # increasingly distorted copies of one image: a known similarity order
    return np.stack(
        [base + rng.normal(0, 0.05 + 0.1 * i, base.shape) for i in range(n)]
    ).astype(np.float64)


def test_ssim_matches_direct_computation():
    imgs = _images()
    rng = np.ptp(imgs, axis=(0, 2, 3))
    got = ssim(torch.from_numpy(imgs[:3]), torch.from_numpy(imgs[3:]), rng)
    for i in range(3):
        assert got[i].item() == pytest.approx(
            _direct_ssim(imgs[i], imgs[i + 3], rng), abs=1e-9
        )


def test_pairwise_matrix_matches_direct_ssim_in_small_blocks():
    imgs = _images(n=7)
    rng = np.ptp(imgs, axis=(0, 2, 3))
    # a tiny block budget forces many blocks, off-diagonal ones included
    sim = pairwise_ssim(
        torch.from_numpy(imgs), rng, max_block_bytes=1, dtype=torch.float64
    )
    assert sim.shape == (7, 7)
    assert torch.allclose(sim, sim.t())
    assert torch.all(sim.diagonal() == 1)
    for i in range(7):
        for j in range(i + 1, 7):
            assert sim[i, j].item() == pytest.approx(
                _direct_ssim(imgs[i], imgs[j], rng), abs=1e-9
            )
    # default data range = per-band max - min over the set, float32 path
    sim32 = pairwise_ssim(torch.from_numpy(imgs).float())
    assert torch.allclose(sim32, sim, atol=1e-4)


@pytest.mark.parametrize('block', [2, 3, 4])
def test_pairwise_matrix_with_blocks_spread_over_uneven_n(block):
    """7 images in blocks of 2, 3 or 4: off-diagonal blocks are rectangular
    at the edges and asymmetric inside, so the lower triangle must be the
    transpose of the upper one (checked against skimage, pair by pair)."""
    # distinct images, so that sim[i, j] differs from sim[j', i'] elsewhere
    rng_ = np.random.default_rng(3)
    imgs = (
        rng_.random((7, 2, 16, 18)) + np.arange(7)[:, None, None, None] * 0.05
    )
    rng = np.ptp(imgs, axis=(0, 2, 3))
    pair_bytes = 2 * 16 * 18 * 8 * 5  # c * h * w * float64 * 5 buffers
    sim = pairwise_ssim(
        torch.from_numpy(imgs),
        rng,
        max_block_bytes=block * block * pair_bytes,
        dtype=torch.float64,
    )
    direct = np.eye(7)
    for i in range(7):
        for j in range(7):
            if i != j:
                direct[i, j] = _direct_ssim(imgs[i], imgs[j], rng)
    np.testing.assert_allclose(sim.numpy(), direct, atol=1e-9)
    assert len({round(v, 6) for v in direct[np.triu_indices(7, 1)]}) == 21


def test_ssim_rejects_small_images_and_bad_range():
    with pytest.raises(ValueError, match='smaller than the SSIM window'):
        pairwise_ssim(torch.rand(3, 1, 8, 8))
    with pytest.raises(ValueError, match='positive'):
        pairwise_ssim(torch.rand(3, 2, 16, 16), data_range=[1.0, 0.0])


def test_neighbours_are_the_true_top_k():
    imgs = _images(n=9, seed=3)
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
    imgs = _images(n=5).astype(np.float32)
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
