"""Synthetic thermal instance-segmentation scenes (BNSA Mask R-CNN paper).

640x512 single-channel 8-bit PNGs with a cool sky, clouds, a warmer textured
ground, buildings and vegetation; warm people, cars, bicycles and UAVs drawn
far-to-near so nearer objects and bushes occlude farther ones. Small objects
sit near the horizon. ``object_scale`` < 1 shrinks every object and
``contrast`` < 1 pulls each object's temperature towards the mean of the
background it covers (``bg + contrast (t - bg)``): small, low-contrast
targets whose boxes are hard to place. Annotations are COCO instances
(visible masks only): polygons, or RLE where a mask has holes (bicycle
wheels).

Layout::

    images/{train,val}/000000.png
    annotations/instances_{train,val}.json
"""

import os.path as osp

import cv2
import numpy as np
from pycocotools import mask as mask_utils

from .common import (
    SyntheticDataError,
    atomic_output_dir,
    dump_json,
    fractal_noise,
    imwrite,
    random_blob,
    to_uint8,
)

CLASSES = ('person', 'car', 'bicycle', 'uav')
VERSION = 1
MIN_VISIBLE_AREA = 12


def _background(rng, h, w):
    horizon = int(h * rng.uniform(0.3, 0.5))
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    sky = 0.18 + 0.12 * yy + 0.15 * fractal_noise(rng, h, w, base=2) ** 2
    ground = 0.35 + 0.15 * fractal_noise(rng, h, w, octaves=6, base=8)
    img = np.where(np.arange(h)[:, None] < horizon, sky, ground)
    # Buildings standing on the horizon, with warmer windows.
    for _ in range(rng.integers(0, 4)):
        bw, bh = rng.integers(40, 160), rng.integers(30, 140)
        x0 = rng.integers(0, w - bw)
        y0 = max(0, horizon - bh)
        img[y0 : horizon + 4, x0 : x0 + bw] = rng.uniform(0.3, 0.5)
        for wy in range(y0 + 6, horizon - 6, 14):
            for wx in range(x0 + 5, x0 + bw - 8, 12):
                if rng.random() < 0.5:
                    img[wy : wy + 6, wx : wx + 5] += rng.uniform(0.05, 0.2)
    # Vegetation patches (textured, mid temperature).
    tex = fractal_noise(rng, h, w, octaves=3, base=24)
    for _ in range(rng.integers(2, 6)):
        c = (rng.integers(0, w), rng.integers(horizon - 20, h))
        m = random_blob(rng, h, w, c, rng.uniform(15, 60), 0.5).astype(bool)
        img[m] = 0.3 + 0.25 * tex[m]
    return img.astype(np.float32), horizon


def _draw_person(rng, h, w, x, yb, size):
    m = np.zeros((h, w), np.uint8)
    hh = int(size)
    bw = max(2, hh // 4)
    cv2.ellipse(m, (x, yb - hh // 2), (bw // 2 + 1, hh // 4), 0, 0, 360, 1, -1)
    cv2.circle(m, (x, yb - hh + hh // 8), max(1, hh // 9), 1, -1)
    leg = max(1, hh // 14)
    cv2.line(m, (x - bw // 4, yb - hh // 4), (x - bw // 3, yb), 1, leg)
    cv2.line(m, (x + bw // 4, yb - hh // 4), (x + bw // 3, yb), 1, leg)
    return m, rng.uniform(0.75, 0.95)


def _draw_car(rng, h, w, x, yb, size):
    m = np.zeros((h, w), np.uint8)
    cw, ch = int(size), max(4, int(size * 0.4))
    cv2.rectangle(
        m, (x - cw // 2, yb - ch), (x + cw // 2, yb - ch // 4), 1, -1
    )
    cabin = np.array(
        [
            [x - cw // 3, yb - ch],
            [x - cw // 5, yb - int(ch * 1.6)],
            [x + cw // 4, yb - int(ch * 1.6)],
            [x + cw // 3, yb - ch],
        ]
    )
    cv2.fillPoly(m, [cabin.astype(np.int32)], 1)
    r = max(2, ch // 3)
    for wx in (x - cw // 3, x + cw // 3):
        cv2.circle(m, (wx, yb - r), r, 1, -1)
    return m, rng.uniform(0.6, 0.85)


def _draw_bicycle(rng, h, w, x, yb, size):
    m = np.zeros((h, w), np.uint8)
    r = max(3, int(size / 4))
    t = max(1, r // 5)
    c1, c2 = (x - int(1.3 * r), yb - r), (x + int(1.3 * r), yb - r)
    cv2.circle(m, c1, r, 1, t)
    cv2.circle(m, c2, r, 1, t)
    top = (x, yb - int(2.2 * r))
    cv2.line(m, c1, top, 1, t)
    cv2.line(m, top, c2, 1, t)
    cv2.line(m, c1, (x, yb - r), 1, t)
    cv2.line(m, (x, yb - r), top, 1, t)
    return m, rng.uniform(0.5, 0.7)


def _draw_uav(rng, h, w, x, yb, size):
    m = np.zeros((h, w), np.uint8)
    s = max(3, int(size / 2))
    yc = yb - s
    t = max(1, s // 4)
    cv2.line(m, (x - s, yc - s // 2), (x + s, yc + s // 2), 1, t)
    cv2.line(m, (x - s, yc + s // 2), (x + s, yc - s // 2), 1, t)
    cv2.rectangle(m, (x - t, yc - t), (x + t, yc + t), 1, -1)
    for dx, dy in ((-s, -s // 2), (s, s // 2), (-s, s // 2), (s, -s // 2)):
        cv2.circle(m, (x + dx, yc + dy), max(1, s // 3), 1, -1)
    return m, rng.uniform(0.7, 0.9)


_DRAW = {0: _draw_person, 1: _draw_car, 2: _draw_bicycle, 3: _draw_uav}
# (min, max) object size in pixels at the bottom of the frame.
_SIZE = {0: (40, 110), 1: (70, 180), 2: (40, 90), 3: (10, 30)}


def _encode(mask):
    """COCO segmentation of a uint8 mask and the mask it decodes to.

    Polygons where they reproduce the mask (IoU >= 0.8), RLE otherwise:
    masks with holes (bicycle wheels) and thin structures.
    """
    h, w = mask.shape
    contours, hierarchy = cv2.findContours(
        mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE
    )
    has_holes = hierarchy is not None and (hierarchy[0][:, 3] >= 0).any()
    polys = [
        c.reshape(-1).astype(float).tolist() for c in contours if len(c) >= 3
    ]
    if polys and not has_holes:
        decoded = mask_utils.decode(
            mask_utils.merge(mask_utils.frPyObjects(polys, h, w))
        )
        inter = np.logical_and(decoded, mask).sum()
        union = np.logical_or(decoded, mask).sum()
        if inter >= 0.8 * union:
            return polys, decoded
    rle = mask_utils.encode(np.asfortranarray(mask))
    rle['counts'] = rle['counts'].decode('ascii')
    return rle, mask


def _scene(rng, h, w, object_scale=1.0, contrast=1.0):
    img, horizon = _background(rng, h, w)
    objects = []
    for _ in range(rng.integers(2, 9)):
        label = int(rng.choice(4, p=(0.4, 0.3, 0.15, 0.15)))
        if label == 3:
            yb = int(rng.uniform(0.1, 0.9) * horizon) + 10
            depth = rng.uniform(0.3, 1.0)
        else:
            yb = int(rng.uniform(horizon + 8, h))
            depth = (yb - horizon) / (h - horizon)
        lo, hi = _SIZE[label]
        size = max(4.0, depth * rng.uniform(lo, hi) * object_scale)
        x = int(rng.uniform(0.05, 0.95) * w)
        # Draw far (small y) to near; UAVs in the sky behind everything.
        objects.append((-1 if label == 3 else yb, label, x, yb, size))
    objects.sort(key=lambda o: o[0])
    masks, labels = [], []
    for _, label, x, yb, size in objects:
        m, temp = _DRAW[label](rng, h, w, x, yb, size)
        mb = m.astype(bool)
        if contrast != 1.0:
            bg = float(img[mb].mean()) if mb.any() else temp
            temp = bg + contrast * (temp - bg)
        img[mb] = temp + 0.05 * rng.standard_normal(mb.sum())
        for prev in masks:
            prev &= ~mb
        masks.append(mb)
        labels.append(label)
        if label in (0, 2) and rng.random() < 0.25:  # a bush in front
            bush = random_blob(rng, h, w, (x, yb), size * 0.3, 0.5).astype(
                bool
            )
            img[bush] = 0.3 + 0.05 * rng.standard_normal(bush.sum())
            for prev in masks:
                prev &= ~bush
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.7, 1.2))
    yy, xx = np.mgrid[0:h, 0:w]
    vignette = 1 - 0.15 * (((xx - w / 2) / w) ** 2 + ((yy - h / 2) / h) ** 2)
    img = img * vignette + 0.015 * rng.standard_normal((h, w))
    img += 0.006 * rng.standard_normal((1, w))  # column fixed-pattern noise
    return to_uint8(img), masks, labels


def generate(
    out_dir: str,
    num_train: int = 12,
    num_val: int = 6,
    seed: int = 0,
    size: tuple[int, int] = (640, 512),
    overwrite: bool = False,
    object_scale: float = 1.0,
    contrast: float = 1.0,
) -> str:
    """Write the dataset; returns ``out_dir``. Deterministic for a seed.
    ``object_scale`` > 0 and ``contrast`` in (0, 1]: module doc."""
    if not object_scale > 0:
        raise SyntheticDataError(
            f'ir_instance: object_scale must be > 0, got {object_scale}'
        )
    if not 0 < contrast <= 1:
        raise SyntheticDataError(
            f'ir_instance: contrast must be in (0, 1], got {contrast}'
        )
    w, h = size
    manifest = dict(
        generator='ir_instance',
        version=VERSION,
        seed=seed,
        num_train=num_train,
        num_val=num_val,
        size=[w, h],
    )
    # only when set: earlier folders stay valid
    if object_scale != 1.0:
        manifest['object_scale'] = object_scale
    if contrast != 1.0:
        manifest['contrast'] = contrast
    with atomic_output_dir(out_dir, manifest, overwrite) as tmp:
        if tmp is None:
            return out_dir
        for split, num, offset in (
            ('train', num_train, 0),
            ('val', num_val, 1),
        ):
            rng = np.random.default_rng([seed, offset])
            images, anns = [], []
            for i in range(num):
                img, masks, labels = _scene(rng, h, w, object_scale, contrast)
                name = f'{i:06d}.png'
                imwrite(osp.join(tmp, 'images', split, name), img)
                images.append(
                    dict(id=i + 1, file_name=name, height=h, width=w)
                )
                for m, label in zip(masks, labels):
                    if m.sum() < MIN_VISIBLE_AREA:
                        continue
                    seg, decoded = _encode(m.astype(np.uint8))
                    anns.append(
                        dict(
                            id=len(anns) + 1,
                            image_id=i + 1,
                            category_id=label + 1,
                            bbox=list(cv2.boundingRect(decoded)),
                            area=int(decoded.sum()),
                            iscrowd=0,
                            segmentation=seg,
                        )
                    )
            dump_json(
                dict(
                    images=images,
                    annotations=anns,
                    categories=[
                        dict(id=k + 1, name=c, supercategory='thermal')
                        for k, c in enumerate(CLASSES)
                    ],
                ),
                osp.join(tmp, 'annotations', f'instances_{split}.json'),
            )
    return out_dir
