"""Helpers shared by the synthetic-data generators: noise fields, atomic
output folders and file writers."""

import json
import os
import os.path as osp
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

import cv2
import numpy as np

from mmir.utils.fileio import OutputDirError, read_json
from mmir.utils.fileio import atomic_output_dir as _atomic_output_dir

MANIFEST = 'mmir_synthetic.json'


class SyntheticDataError(OutputDirError):
    """The output folder cannot be written as asked."""


def fractal_noise(
    rng: np.random.Generator,
    height: int,
    width: int,
    octaves: int = 5,
    base: int = 4,
    persistence: float = 0.55,
) -> np.ndarray:
    """Sum of up-sampled random grids ("value noise"), float32 in [0, 1].

    Octave ``k`` has a ``base * 2**k`` cell grid weighted ``persistence**k``.
    """
    out = np.zeros((height, width), np.float32)
    amp, total = 1.0, 0.0
    for k in range(octaves):
        cells = base * 2**k
        grid = rng.random(
            (cells + 1, int(cells * width / height) + 1), dtype=np.float32
        )
        out += amp * cv2.resize(
            grid, (width, height), interpolation=cv2.INTER_CUBIC
        )
        total += amp
        amp *= persistence
    out /= total
    lo, hi = out.min(), out.max()
    return (out - lo) / max(hi - lo, 1e-6)


def random_blob(
    rng: np.random.Generator,
    height: int,
    width: int,
    center: tuple[float, float],
    radius: float,
    irregularity: float = 0.35,
    points: int = 24,
) -> np.ndarray:
    """A filled, smooth, star-shaped random polygon as a uint8 {0,1} mask."""
    angles = np.linspace(0, 2 * np.pi, points, endpoint=False)
    radii = radius * (1 + irregularity * rng.uniform(-1, 1, points))
    radii = np.convolve(
        np.r_[radii[-2:], radii, radii[:2]], np.ones(5) / 5, mode='valid'
    )
    xs = center[0] + radii * np.cos(angles)
    ys = center[1] + radii * np.sin(angles)
    mask = np.zeros((height, width), np.uint8)
    cv2.fillPoly(mask, [np.stack([xs, ys], 1).round().astype(np.int32)], 1)
    return mask


def to_uint8(img: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(img * 255), 0, 255).astype(np.uint8)


def imwrite(
    path: str, img: np.ndarray, params: Sequence[int] | None = None
) -> None:
    """``cv2.imwrite`` that raises instead of returning False."""
    os.makedirs(osp.dirname(path), exist_ok=True)
    if not cv2.imwrite(path, img, params or []):
        raise SyntheticDataError(f'could not write image {path}')


def dump_json(obj: Any, path: str) -> None:
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(obj, f, indent=None, separators=(',', ':'))


def read_manifest(out_dir: str) -> dict | None:
    return read_json(osp.join(out_dir, MANIFEST))


def atomic_output_dir(
    out_dir: str, manifest: dict, overwrite: bool = False
) -> AbstractContextManager[str | None]:
    """:func:`mmir.utils.fileio.atomic_output_dir` with the synthetic
    datasets' manifest name and error."""
    return _atomic_output_dir(
        out_dir,
        manifest,
        overwrite,
        manifest_name=MANIFEST,
        error=SyntheticDataError,
    )


def split_counts(total: int, ratios: Sequence[float]) -> list[int]:
    """Split ``total`` items by ``ratios`` (summing to 1), remainder last."""
    counts = [int(round(total * r)) for r in ratios[:-1]]
    counts.append(total - sum(counts))
    return counts


def stratified_holdout(
    labels: Sequence[int], ratio: float, rng: np.random.Generator
) -> set[int]:
    """Indices of a hold-out set taking ``ratio`` of every class (at least
    one sample per class)."""
    labels = np.asarray(labels)
    held = []
    for label in np.unique(labels):
        idx = np.flatnonzero(labels == label)
        held += rng.permutation(idx)[
            : max(1, int(round(len(idx) * ratio)))
        ].tolist()
    return set(held)
