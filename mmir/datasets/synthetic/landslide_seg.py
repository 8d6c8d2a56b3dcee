"""Synthetic relic-landslide segmentation tiles (MRIFE paper).

512x512 RGB vegetated terrain. A relic landslide is an old, re-vegetated
tongue-shaped body: its texture and colour differ only slightly from the
surroundings, its boundary is blurred, and a faint darker arc marks the
head scarp. Negative tiles carry decoys with sharp edges (fields, roads) and
no landslide. ``relic_strength`` < 1 makes the relics fainter still: the
colour, smoothing and texture differences and the scarp scale with it, and
the boundary blurs over a wider band (``6 + 12 (1 - s)`` px). mmseg layout,
masks are 0 = background, 1 = landslide::

    img_dir/{train,val,test}/000000.png
    ann_dir/{train,val,test}/000000.png
"""

import os.path as osp

import cv2
import numpy as np

from .common import (
    SyntheticDataError,
    atomic_output_dir,
    fractal_noise,
    imwrite,
    random_blob,
    split_counts,
    to_uint8,
)

CLASSES = ('background', 'landslide')
VERSION = 1
SPLITS = ('train', 'val', 'test')
RATIOS = (0.6, 0.2, 0.2)


def _terrain(rng, h, w):
    veg = fractal_noise(rng, h, w, octaves=6, base=6)
    relief = fractal_noise(rng, h, w, octaves=4, base=2)
    green = np.array([0.25, 0.45, 0.2], np.float32)  # RGB
    soil = np.array([0.5, 0.42, 0.3], np.float32)
    mix = np.clip(veg * 0.8 + 0.1, 0, 1)[..., None]
    img = mix * green + (1 - mix) * soil
    shade = 0.75 + 0.35 * relief
    return img * shade[..., None]


def _landslide(rng, h, w):
    """Tongue-shaped mask elongated down-slope, plus the head-scarp arc."""
    cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
    r = rng.uniform(0.12, 0.25) * min(h, w)
    blob = random_blob(rng, h, w, (cx, cy), r, 0.3)
    angle = rng.uniform(0, 180)
    stretch = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    blob = cv2.warpAffine(blob, stretch, (w, h), flags=cv2.INTER_NEAREST)
    scale = np.float32([[1, 0, 0], [0, rng.uniform(1.2, 1.8), 0]])
    scale[1, 2] = cy * (1 - scale[1, 1])
    blob = cv2.warpAffine(blob, scale, (w, h), flags=cv2.INTER_NEAREST)
    scarp = np.zeros((h, w), np.float32)
    ys, xs = np.nonzero(blob)
    if len(ys):
        top = ys.min()
        cv2.ellipse(
            scarp,
            (int(xs.mean()), int(top + r * 0.3)),
            (int(r * 0.8), int(r * 0.4)),
            0,
            180,
            360,
            1.0,
            3,
        )
    return blob, cv2.GaussianBlur(scarp, (0, 0), 2)


def _tile(rng, h, w, positive, strength=1.0):
    img = _terrain(rng, h, w)
    mask = np.zeros((h, w), np.uint8)
    if positive:
        mask, scarp = _landslide(rng, h, w)
        sigma = 6 + 12 * (1 - strength)
        soft = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), sigma)
        soft = soft[..., None] * strength
        inner = fractal_noise(rng, h, w, octaves=3, base=12)[..., None]
        tint = np.array([0.06, 0.02, -0.02], np.float32) * rng.uniform(
            0.6, 1.2
        )
        smooth = cv2.GaussianBlur(img, (0, 0), 2.5)
        img = (1 - 0.6 * soft) * img + 0.6 * soft * smooth
        img = img + soft * (tint + 0.05 * (inner - 0.5))
        img = img - 0.08 * strength * scarp[..., None]
    for _ in range(rng.integers(0, 3 if positive else 4)):  # decoys
        if rng.random() < 0.5:
            x0, y0 = rng.integers(0, w * 7 // 8), rng.integers(0, h * 7 // 8)
            fw, fh = (
                rng.integers(w // 12, w // 3),
                rng.integers(h // 12, h // 3),
            )
            img[y0 : y0 + fh, x0 : x0 + fw] = img[
                y0 : y0 + fh, x0 : x0 + fw
            ] * 0.9 + np.array([0.08, 0.08, 0.02], np.float32)
        else:
            p1 = tuple(int(v) for v in rng.integers(0, (w, h)))
            p2 = tuple(int(v) for v in rng.integers(0, (w, h)))
            cv2.line(
                img,
                p1,
                p2,
                (0.55, 0.52, 0.48),
                max(1, int(rng.integers(3, 8)) * w // 512),
            )
    img = img + 0.02 * rng.standard_normal(img.shape).astype(np.float32)
    return to_uint8(img)[..., ::-1], mask  # RGB -> BGR for cv2


def generate(
    out_dir: str,
    num_images: int = 20,
    positive_ratio: float = 0.6,
    seed: int = 0,
    size: tuple[int, int] = (512, 512),
    overwrite: bool = False,
    relic_strength: float = 1.0,
) -> str:
    """Write ``num_images`` tiles split 6:2:2; returns ``out_dir``.
    ``relic_strength`` in (0, 1]: how far a relic differs from its
    surroundings (module doc)."""
    if not 0 < relic_strength <= 1:
        raise SyntheticDataError(
            f'landslide_seg: relic_strength must be in (0, 1], got '
            f'{relic_strength}'
        )
    w, h = size
    manifest = dict(
        generator='landslide_seg',
        version=VERSION,
        seed=seed,
        num_images=num_images,
        positive_ratio=positive_ratio,
        size=[w, h],
    )
    if relic_strength != 1.0:  # only when set: earlier folders stay valid
        manifest['relic_strength'] = relic_strength
    with atomic_output_dir(out_dir, manifest, overwrite) as tmp:
        if tmp is None:
            return out_dir
        rng = np.random.default_rng(seed)
        idx = 0
        for split, count in zip(SPLITS, split_counts(num_images, RATIOS)):
            num_pos = int(round(count * positive_ratio))
            flags = np.r_[
                np.ones(num_pos, bool), np.zeros(count - num_pos, bool)
            ]
            for positive in rng.permutation(flags):
                img, mask = _tile(rng, h, w, bool(positive), relic_strength)
                name = f'{idx:06d}.png'
                imwrite(osp.join(tmp, 'img_dir', split, name), img)
                imwrite(osp.join(tmp, 'ann_dir', split, name), mask)
                idx += 1
    return out_dir
