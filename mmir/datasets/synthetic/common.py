"""Helpers shared by the synthetic-data generators: noise fields, atomic
output folders and file writers."""
import contextlib
import json
import os
import os.path as osp
import shutil
import tempfile

import cv2
import numpy as np

from mmir.utils.fileio import read_json

MANIFEST = 'mmir_synthetic.json'


class SyntheticDataError(RuntimeError):
    """The output folder cannot be written as asked."""


def fractal_noise(rng, height, width, octaves=5, base=4, persistence=0.55):
    """Sum of up-sampled random grids ("value noise"), float32 in [0, 1].

    Octave ``k`` has a ``base * 2**k`` cell grid weighted ``persistence**k``.
    """
    out = np.zeros((height, width), np.float32)
    amp, total = 1.0, 0.0
    for k in range(octaves):
        cells = base * 2**k
        grid = rng.random((cells + 1, int(cells * width / height) + 1),
                          dtype=np.float32)
        out += amp * cv2.resize(grid, (width, height),
                                interpolation=cv2.INTER_CUBIC)
        total += amp
        amp *= persistence
    out /= total
    lo, hi = out.min(), out.max()
    return (out - lo) / max(hi - lo, 1e-6)


def random_blob(rng, height, width, center, radius, irregularity=0.35,
                points=24):
    """A filled, smooth, star-shaped random polygon as a uint8 {0,1} mask."""
    angles = np.linspace(0, 2 * np.pi, points, endpoint=False)
    radii = radius * (1 + irregularity * rng.uniform(-1, 1, points))
    radii = np.convolve(np.r_[radii[-2:], radii, radii[:2]],
                        np.ones(5) / 5, mode='valid')
    xs = center[0] + radii * np.cos(angles)
    ys = center[1] + radii * np.sin(angles)
    mask = np.zeros((height, width), np.uint8)
    cv2.fillPoly(mask, [np.stack([xs, ys], 1).round().astype(np.int32)], 1)
    return mask


def to_uint8(img):
    return np.clip(np.rint(img * 255), 0, 255).astype(np.uint8)


def imwrite(path, img, params=None):
    """``cv2.imwrite`` that raises instead of returning False."""
    os.makedirs(osp.dirname(path), exist_ok=True)
    if not cv2.imwrite(path, img, params or []):
        raise SyntheticDataError(f'could not write image {path}')


def dump_json(obj, path):
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(obj, f, indent=None, separators=(',', ':'))


def read_manifest(out_dir):
    return read_json(osp.join(out_dir, MANIFEST))


@contextlib.contextmanager
def atomic_output_dir(out_dir, manifest, overwrite=False):
    """Write a dataset into a temporary sibling folder and move it into place
    only when complete, so an interrupted run never leaves a half dataset.

    Yields the temporary folder, or ``None`` when ``out_dir`` already holds a
    dataset generated with the same ``manifest`` (nothing to do). An existing
    ``out_dir`` with different content is never replaced unless
    ``overwrite=True``.
    """
    out_dir = osp.abspath(out_dir)
    if osp.exists(out_dir):
        if read_manifest(out_dir) == manifest:
            yield None
            return
        if not overwrite:
            raise SyntheticDataError(
                f'{out_dir} exists and was not generated with these settings '
                f'(compare its {MANIFEST}); choose another --out-dir or pass '
                '--overwrite to replace it')
    parent = osp.dirname(out_dir)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=f'.{osp.basename(out_dir)}.tmp-', dir=parent)
    try:
        yield tmp
        dump_json(manifest, osp.join(tmp, MANIFEST))
        if osp.exists(out_dir):
            old = tempfile.mkdtemp(prefix=f'.{osp.basename(out_dir)}.old-',
                                   dir=parent)
            os.rename(out_dir, osp.join(old, 'data'))
            os.rename(tmp, out_dir)
            shutil.rmtree(old)
        else:
            os.rename(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def split_counts(total, ratios):
    """Split ``total`` items by ``ratios`` (summing to 1), remainder last."""
    counts = [int(round(total * r)) for r in ratios[:-1]]
    counts.append(total - sum(counts))
    return counts


def stratified_holdout(labels, ratio, rng):
    """Indices of a hold-out set taking ``ratio`` of every class (at least
    one sample per class)."""
    labels = np.asarray(labels)
    held = []
    for label in np.unique(labels):
        idx = np.flatnonzero(labels == label)
        held += rng.permutation(idx)[:max(1, int(round(len(idx) * ratio)))]\
            .tolist()
    return set(held)
