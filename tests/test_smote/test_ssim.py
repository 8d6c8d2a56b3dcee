"""SSIM (Tang et al., eq. 1-3) and the batched pairwise matrix against
scikit-image."""

import numpy as np
import pytest
import torch
from conftest import distorted_copies
from skimage.metrics import structural_similarity

from mmir.smote import (
    pairwise_ssim,
    ssim,
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


def test_ssim_matches_direct_computation():
    imgs = distorted_copies()
    rng = np.ptp(imgs, axis=(0, 2, 3))
    got = ssim(torch.from_numpy(imgs[:3]), torch.from_numpy(imgs[3:]), rng)
    for i in range(3):
        assert got[i].item() == pytest.approx(
            _direct_ssim(imgs[i], imgs[i + 3], rng), abs=1e-9
        )


def test_pairwise_matrix_matches_direct_ssim_in_small_blocks():
    imgs = distorted_copies(n=7)
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
