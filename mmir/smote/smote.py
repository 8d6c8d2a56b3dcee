"""SMOTE with SSIM neighbours for multi-band images (Tang et al.,
Algorithm 1): for each minority image ``I``, its ``k`` most similar
minority images by SSIM (mean over bands) are its neighbours; each
synthetic image is ``lam * I + (1 - lam) * I_n`` with ``I_n`` a random
neighbour and ``lam ~ Beta(alpha, beta)`` clipped to ``[a, b]``."""

import math
from collections.abc import Sequence

import numpy as np
import torch

from .ssim import pairwise_ssim

__all__ = ['ssim_neighbours', 'synthetic_counts', 'smote_ssim']


def ssim_neighbours(similarity: torch.Tensor, k: int = 5) -> torch.Tensor:
    """``(N, min(k, N - 1))`` indices of each image's most similar other
    images, most similar first (ties: lower index first)."""
    sim = torch.as_tensor(similarity, dtype=torch.float64).clone()
    n = sim.shape[0]
    if n < 2:
        raise ValueError(f'SMOTE needs at least 2 minority images, got {n}')
    sim.fill_diagonal_(-math.inf)
    k = min(k, n - 1)
    # stable sort: among equal similarities the lower index comes first
    order = torch.sort(-sim, dim=1, stable=True).indices
    return order[:, :k]


def synthetic_counts(
    num_minority: int,
    num_majority: int | None = None,
    n_syn: int | None = None,
    target_ratio: float | None = None,
    seed: int = 0,
) -> np.ndarray:
    """Synthetic images per anchor: ``n_syn`` each, or as many in total as
    bring ``minority / majority`` to ``target_ratio`` (spread evenly, the
    remainder to randomly chosen anchors)."""
    if (n_syn is None) == (target_ratio is None):
        raise ValueError('give exactly one of n_syn and target_ratio')
    if n_syn is not None:
        if n_syn < 0:
            raise ValueError(f'n_syn must be >= 0, got {n_syn}')
        return np.full(num_minority, int(n_syn))
    if not target_ratio > 0 or num_majority is None:
        raise ValueError(
            'target_ratio needs a positive ratio and the majority count'
        )
    total = max(0, int(round(target_ratio * num_majority)) - num_minority)
    counts = np.full(num_minority, total // num_minority)
    extra = np.random.default_rng(seed).choice(
        num_minority, total % num_minority, replace=False
    )
    counts[extra] += 1
    return counts


def smote_ssim(
    images: torch.Tensor,
    counts: Sequence[int] | np.ndarray,
    k: int = 5,
    alpha: float = 2.0,
    beta: float = 2.0,
    clip: tuple[float, float] = (0.1, 0.9),
    seed: int = 0,
    device: str | torch.device | None = None,
    similarity: torch.Tensor | None = None,
    data_range: torch.Tensor | None = None,
    cache_dir: str | None = None,
    max_block_bytes: int = 256 * 2**20,
) -> tuple[torch.Tensor, list[tuple[int, int, float]]]:
    """Algorithm 1 on minority ``images (N, C, H, W)``.

    Returns ``(synthetic (M, C, H, W), records)``: ``records[m]`` =
    ``(anchor, neighbour, lam)`` of synthetic image ``m``; anchors in
    order, ``counts[i]`` images for anchor ``i``. Integer inputs are
    rounded and clipped to their dtype's range; floats keep their dtype.
    ``cache_dir``/``max_block_bytes``: see :func:`pairwise_ssim` (a killed
    run resumes the all-pairs SSIM from its finished row bands).
    """
    a, b = clip
    if not 0 <= a <= b <= 1:
        raise ValueError(
            f'clip bounds must satisfy 0 <= a <= b <= 1, got {clip}'
        )
    if alpha <= 0 or beta <= 0:
        raise ValueError(
            f'Beta parameters must be positive, got {alpha}, {beta}'
        )
    images = np.asarray(images)
    counts = np.asarray(counts, int)
    if len(counts) != len(images):
        raise ValueError(f'{len(counts)} counts for {len(images)} images')
    if similarity is None:
        similarity = pairwise_ssim(
            torch.from_numpy(images.astype(np.float32, copy=False)),
            data_range,
            device=device,
            max_block_bytes=max_block_bytes,
            cache_dir=cache_dir,
        )
    nbrs = ssim_neighbours(similarity, k).numpy()
    rng = np.random.default_rng(seed)
    out = np.empty((int(counts.sum()),) + images.shape[1:], images.dtype)
    records = []
    m = 0
    for i, n in enumerate(counts):
        for _ in range(n):
            j = int(rng.choice(nbrs[i]))
            lam = float(np.clip(rng.beta(alpha, beta), a, b))
            mix = lam * images[i].astype(np.float64) + (1 - lam) * images[
                j
            ].astype(np.float64)
            if np.issubdtype(images.dtype, np.integer):
                info = np.iinfo(images.dtype)
                mix = np.clip(np.rint(mix), info.min, info.max)
            out[m] = mix
            records.append((i, j, lam))
            m += 1
    return out, records
