"""Synthetic multi-band landslide patches in the layout of the Zindi
landslide challenge (EfficientNetV2 + SVM paper).

12 bands per patch, as in the challenge: Sentinel-2 Red, Green, Blue, NIR and
Sentinel-1 descending/ascending VV, VH and their pre/post-event differences.
Landslides (the minority class, ~20 %) show a compact bare-soil scar: brighter
optical bands and lower NIR, and a change blob in the SAR difference bands.
Clouds hide the optical bands of some patches, so the SAR bands carry most of
the signal (as the paper's band occlusion finds). Negatives carry decoys:
rectangular agricultural change in the difference bands, bright urban blocks.
``hard_minority=True`` makes the landslides genuinely hard: their size
varies five-fold, their strength from faint to clear, and each shows in the
optical bands only, the SAR change bands only, or both.

Layout::

    arrays/<id>.npy    float32 (12, H, W), bands in BANDS order
    train.csv, test.csv   id,label
    bands.json         band names
"""

import csv
import os
import os.path as osp

import numpy as np

from mmir.datasets.multiband_arrays import ZINDI_BANDS

from .common import (
    atomic_output_dir,
    dump_json,
    fractal_noise,
    random_blob,
    stratified_holdout,
)

# the Zindi landslide challenge's 12 stored bands, in their order
BANDS = ZINDI_BANDS
CLASSES = ('non_landslide', 'landslide')
VERSION = 1


def _patch(rng, h, w, positive, hard=False):
    terrain = fractal_noise(rng, h, w, octaves=4, base=2)
    veg = fractal_noise(rng, h, w, octaves=4, base=4)
    x = np.empty((len(BANDS), h, w), np.float32)
    x[0] = 0.05 + 0.05 * (1 - veg)  # red
    x[1] = 0.07 + 0.04 * veg  # green
    x[2] = 0.04 + 0.03 * (1 - veg)  # blue
    x[3] = 0.25 + 0.2 * veg  # nir
    for b in (4, 8):  # VV backscatter (dB)
        x[b] = -12 + 4 * terrain + rng.normal(0, 0.8, (h, w))
    for b in (5, 9):  # VH backscatter (dB)
        x[b] = -19 + 4 * terrain + rng.normal(0, 0.8, (h, w))
    for b in (6, 7, 10, 11):  # change (dB), speckle only
        x[b] = rng.normal(0, 0.6, (h, w))
    if positive:
        r = rng.uniform(0.06, 0.3) if hard else rng.uniform(0.12, 0.3)
        c = rng.uniform(0.3, 0.7, 2) * (w, h)
        scar = random_blob(rng, h, w, c, r * min(h, w), 0.4)
        scar = scar.astype(np.float32)
        strength = rng.uniform(0.3, 1.0) if hard else 1.0
        # hard: optical only, SAR change only, or both
        shows = int(rng.integers(3)) if hard else 2
        if shows != 1:
            x[0] += 0.06 * strength * scar
            x[1] += 0.03 * strength * scar
            x[2] += 0.03 * strength * scar
            x[3] -= 0.12 * strength * scar
        if shows != 0:
            for b in (6, 7, 10, 11):
                x[b] += (
                    rng.uniform(1.5, 3.0)
                    * strength
                    * scar
                    * rng.choice((-1, 1))
                )
    for _ in range(rng.integers(0, 3)):  # decoys
        y0, x0 = rng.integers(0, h // 2), rng.integers(0, w // 2)
        dh, dw = rng.integers(h // 8, h // 2), rng.integers(w // 8, w // 2)
        if rng.random() < 0.5:
            for b in (6, 10):
                x[b, y0 : y0 + dh, x0 : x0 + dw] += rng.uniform(1.0, 2.0)
        else:
            x[:3, y0 : y0 + dh, x0 : x0 + dw] += 0.08
            x[4:6, y0 : y0 + dh, x0 : x0 + dw] += 5
    if rng.random() < 0.3:  # clouds over the optical bands
        cloud = np.clip(
            fractal_noise(rng, h, w, octaves=3, base=2) * 2 - 0.6, 0, 1
        )
        x[:4] = x[:4] * (1 - cloud) + 0.6 * cloud
    return x


def generate(
    out_dir: str,
    num_images: int = 100,
    positive_ratio: float = 0.2,
    test_ratio: float = 0.2,
    seed: int = 0,
    size: tuple[int, int] = (64, 64),
    overwrite: bool = False,
    hard_minority: bool = False,
) -> str:
    """Write the dataset; returns ``out_dir``. Deterministic for a seed.
    ``hard_minority``: variable, often faint landslides (module doc)."""
    w, h = size
    manifest = dict(
        generator='multiband',
        version=VERSION,
        seed=seed,
        num_images=num_images,
        positive_ratio=positive_ratio,
        test_ratio=test_ratio,
        size=[w, h],
    )
    if hard_minority:  # only when set: earlier folders stay valid
        manifest['hard_minority'] = True
    with atomic_output_dir(out_dir, manifest, overwrite) as tmp:
        if tmp is None:
            return out_dir
        rng = np.random.default_rng(seed)
        num_pos = max(1, int(round(num_images * positive_ratio)))
        labels = rng.permutation(
            np.r_[np.ones(num_pos, int), np.zeros(num_images - num_pos, int)]
        )
        os.makedirs(osp.join(tmp, 'arrays'))
        rows = []
        for i, label in enumerate(labels):
            sid = f'ID_{i:06d}'
            np.save(
                osp.join(tmp, 'arrays', f'{sid}.npy'),
                _patch(rng, h, w, bool(label), hard_minority),
            )
            rows.append((sid, int(label)))
        test = stratified_holdout(labels, test_ratio, rng)
        for split, keep in (('train', False), ('test', True)):
            with open(osp.join(tmp, f'{split}.csv'), 'w', newline='') as f:
                writer = csv.writer(f)
                writer.writerow(('id', 'label'))
                writer.writerows(
                    r for i, r in enumerate(rows) if (i in test) == keep
                )
        dump_json(
            dict(bands=list(BANDS), classes=list(CLASSES)),
            osp.join(tmp, 'bands.json'),
        )
    return out_dir
