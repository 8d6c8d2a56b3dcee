"""Synthetic LWIR landmine images in the layout of the "legbreaker" dataset
(ABMIL paper).

336x256 8-bit single-channel JPEGs ("R-JPG") of nine 10 m zones flown at 1-10
m. Zones 1-8 hold buried replicas (8.7 cm discs at depths 0/1/5/10 cm); the
mine-free zone (9) is the negative class, as in the paper (about 10 %
negatives). A mine's apparent diameter is ~46/altitude px; its contrast drops
with depth and is warm or cold by time of day. Each zone also has its own
background (vegetation density, stakes, tyre tracks): a spurious cue a
classifier can latch onto (``zone_cue=False`` draws every image's look
at random instead, so that only the mines tell the classes apart). Some
high-altitude negative images are "mixed":
they also show the adjacent mined zone, and ``crop_boxes.json`` gives the
mine-free region to keep (the paper crops these by hand).

Layout::

    images/000000.jpg
    metadata.csv         filename,zone,altitude_m,date,center_temp_c,
                         depth_cm,label
    boxes.json           {filename: [[x1, y1, x2, y2], ...]}  every mine seen
    crop_boxes.json      {filename: [x1, y1, x2, y2]}         mixed negatives
    meta/{all,train,val}.txt   "images/<file> <label>" (mmpretrain format)
"""

import csv
import os
import os.path as osp

import cv2
import numpy as np

from .common import (
    SyntheticDataError,
    atomic_output_dir,
    dump_json,
    fractal_noise,
    imwrite,
    stratified_holdout,
    to_uint8,
)

CLASSES = ('negative', 'positive')
VERSION = 1
NEGATIVE_ZONE = 9
DEPTHS_CM = (0, 1, 5, 10)


def _zone_background(rng, zone, h, w, zone_cue=True):
    # the zone's look is fixed over its images (a spurious cue), or random
    zrng = np.random.default_rng(
        1000 + zone if zone_cue else int(rng.integers(2**31))
    )
    veg_density = zrng.uniform(0.1, 0.6)
    soil = fractal_noise(rng, h, w, octaves=6, base=6)
    veg = fractal_noise(rng, h, w, octaves=3, base=20) > 1 - veg_density
    img = 0.45 + 0.15 * soil
    img[veg] -= zrng.uniform(0.05, 0.15)
    if zrng.random() < 0.5:  # tyre tracks crossing the zone
        x = int(rng.uniform(0.2, 0.8) * w)
        for dx in (0, int(zrng.integers(25, 45))):
            cv2.line(
                img,
                (x + dx, 0),
                (x + dx + int(zrng.integers(-40, 40)), h),
                float(img.mean() - 0.06),
                4,
            )
    if zrng.random() < 0.6:  # a warm stake marking the zone corner
        sx, sy = (
            int(rng.uniform(0.05, 0.95) * w),
            int(rng.uniform(0.05, 0.95) * h),
        )
        cv2.rectangle(img, (sx, sy), (sx + 4, sy + 12), 0.8, -1)
    return img.astype(np.float32)


def _draw_mines(rng, img, altitude, depth_cm, warm, x_range):
    h, w = img.shape
    radius = max(1.5, 23.0 / altitude)
    contrast = (0.25 if warm else -0.2) * np.exp(-depth_cm / 6.0)
    boxes = []
    for _ in range(rng.integers(1, 4)):
        cx = rng.uniform(x_range[0] + radius, x_range[1] - radius)
        cy = rng.uniform(radius, h - radius)
        yy, xx = np.ogrid[0:h, 0:w]
        d2 = ((xx - cx) ** 2 + (yy - cy) ** 2) / radius**2
        img += contrast * np.exp(-(d2**2))  # flat-topped disc, soft edge
        pad = 1.5
        boxes.append(
            [
                max(0, int(cx - radius - pad)),
                max(0, int(cy - radius - pad)),
                min(w, int(np.ceil(cx + radius + pad))),
                min(h, int(np.ceil(cy + radius + pad))),
            ]
        )
    return boxes


def _image(rng, zone, altitude, h, w, zone_cue=True, depths=DEPTHS_CM):
    hour = int(rng.integers(6, 19))
    warm = 9 <= hour <= 16
    depth = depths[(zone - 1) % len(depths)] if zone != NEGATIVE_ZONE else None
    img = _zone_background(rng, zone, h, w, zone_cue)
    boxes, crop = [], None
    if depth is not None:
        boxes = _draw_mines(rng, img, altitude, depth, warm, (0, w))
    elif altitude >= 7 and rng.random() < 0.5:
        # Mixed capture: the adjacent mined zone shows on one side.
        cut = int(w * rng.uniform(0.65, 0.75))
        neighbour = _zone_background(
            rng, 1 + int(rng.integers(8)), h, w, zone_cue
        )
        img[:, cut:] = neighbour[:, cut:]
        boxes = _draw_mines(rng, img, altitude, 0, warm, (cut, w))
        crop = [0, 0, cut, h]
    img = cv2.GaussianBlur(img, (0, 0), 0.8)
    img += 0.015 * rng.standard_normal((h, w)).astype(np.float32)
    date = f'2021-{int(rng.integers(3, 5)):02d}-{int(rng.integers(1, 29)):02d}'
    meta = dict(
        zone=zone,
        altitude_m=float(altitude),
        date=f'{date}T{hour:02d}:00',
        center_temp_c=round(18 + 12 * float(img[h // 2, w // 2]), 2),
        depth_cm='' if depth is None else depth,
        label=int(zone != NEGATIVE_ZONE),
    )
    return to_uint8(img), boxes, crop, meta


def generate(
    out_dir: str,
    num_images: int = 60,
    negative_ratio: float = 0.12,
    val_ratio: float = 0.2,
    seed: int = 0,
    size: tuple[int, int] = (336, 256),
    overwrite: bool = False,
    zone_cue: bool = True,
    altitudes: tuple[int, int] = (1, 10),
    depths: tuple[float, ...] = DEPTHS_CM,
) -> str:
    """Write the dataset; returns ``out_dir``. Deterministic for a seed.

    ``zone_cue=False``: backgrounds independent of the zone (and label);
    ``altitudes``: the flight heights drawn (m, inclusive), a mine's
    radius being ``max(1.5, 23 / altitude)`` px (e.g. ``(5, 10)``: 2-5 px);
    ``depths``: burial depths (cm) of the mined zones, in turn (contrast
    ``exp(-depth / 6)``; the paper's 0, 1, 5, 10 cm by default).
    """
    w, h = size
    lo, hi = altitudes
    if not 1 <= lo <= hi:
        raise SyntheticDataError(
            f'landmine: altitudes must be (low, high) with 1 <= low <= '
            f'high, got {altitudes}'
        )
    manifest = dict(
        generator='landmine',
        version=VERSION,
        seed=seed,
        num_images=num_images,
        negative_ratio=negative_ratio,
        val_ratio=val_ratio,
        size=[w, h],
    )
    # only non-default settings: folders generated before they existed stay
    if not zone_cue:
        manifest['zone_cue'] = False
    if (lo, hi) != (1, 10):
        manifest['altitudes'] = [lo, hi]
    depths = tuple(depths)
    if not depths or min(depths) < 0:
        raise SyntheticDataError(
            f'landmine: depths must be non-negative cm values, got {depths}'
        )
    if depths != DEPTHS_CM:
        manifest['depths'] = list(depths)
    with atomic_output_dir(out_dir, manifest, overwrite) as tmp:
        if tmp is None:
            return out_dir
        rng = np.random.default_rng(seed)
        num_neg = max(1, int(round(num_images * negative_ratio)))
        zones = np.r_[
            np.full(num_neg, NEGATIVE_ZONE),
            1 + np.arange(num_images - num_neg) % 8,
        ]
        rows, boxes, crops = [], {}, {}
        for i, zone in enumerate(rng.permutation(zones)):
            altitude = int(rng.integers(lo, hi + 1))
            img, bxs, crop, meta = _image(
                rng, int(zone), altitude, h, w, zone_cue, depths
            )
            name = f'{i:06d}.jpg'
            imwrite(
                osp.join(tmp, 'images', name),
                img,
                [cv2.IMWRITE_JPEG_QUALITY, 95],
            )
            rows.append(dict(filename=name, **meta))
            if bxs:
                boxes[name] = bxs
            if crop:
                crops[name] = crop
        with open(osp.join(tmp, 'metadata.csv'), 'w', newline='') as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        dump_json(boxes, osp.join(tmp, 'boxes.json'))
        dump_json(crops, osp.join(tmp, 'crop_boxes.json'))
        # Stratified hold-out split for quick runs (k-fold tools do their own).
        val = stratified_holdout([r['label'] for r in rows], val_ratio, rng)
        os.makedirs(osp.join(tmp, 'meta'))
        for split, keep in (
            ('all', lambda i: True),
            ('train', lambda i: i not in val),
            ('val', lambda i: i in val),
        ):
            with open(osp.join(tmp, 'meta', f'{split}.txt'), 'w') as f:
                f.writelines(
                    f'images/{r["filename"]} {r["label"]}\n'
                    for i, r in enumerate(rows)
                    if keep(i)
                )
    return out_dir
