"""Synthetic optical ship scenes in the layout of MASATI-v2 (the second
experiment of the ABMIL landmine paper, section 4.5).

512x512 RGB "satellite" tiles of three classes: ``coast`` (sea and land, no
ship), ``coast_ship`` (the same with 1-2 small off-centre ships, 20-60 px
long, with a wake) and ``water`` (open sea, the paper's "Sea" evaluation
set). Coast tiles place the shoreline and harbour structures (piers) where
the ship tiles do, a spurious cue a classifier can learn instead of the
ships. Ship boxes come as PASCAL VOC XML, as in MASATI-v2::

    coast/c0000.png  coast_ship/x0000.png  water/w0000.png
    coast_ship_labels/x0000.xml
"""

import os
import os.path as osp

import cv2
import numpy as np

from .common import atomic_output_dir, fractal_noise, imwrite, to_uint8

CLASSES = ('coast', 'coast_ship')
VERSION = 1
FOLDERS = dict(coast='c', coast_ship='x', water='w')


def _sea(rng, h, w):
    base = np.array([0.35, 0.25, 0.12], np.float32)  # BGR, dark blue-green
    waves = fractal_noise(rng, h, w, octaves=5, base=8)
    return base * (0.85 + 0.3 * waves[..., None])


def _coast(rng, img):
    h, w = img.shape[:2]
    land = fractal_noise(rng, h, w, octaves=5, base=3)
    side = rng.integers(4)
    ramp = np.linspace(0, 1, w, dtype=np.float32)[None].repeat(h, 0)
    ramp = np.rot90(ramp, side).copy() if h == w else ramp
    mask = (0.6 * ramp + 0.4 * land) > rng.uniform(0.55, 0.7)
    colour = np.array([0.35, 0.45, 0.5], np.float32)  # BGR, sand/urban
    tex = fractal_noise(rng, h, w, octaves=6, base=10)[..., None]
    img[mask] = (colour * (0.7 + 0.6 * tex))[mask]
    for _ in range(rng.integers(1, 4)):  # piers: bright straight strips
        x, y = int(rng.uniform(0.2, 0.8) * w), int(rng.uniform(0.2, 0.8) * h)
        ang = rng.uniform(0, np.pi)
        d = rng.uniform(30, 80)
        cv2.line(
            img,
            (x, y),
            (int(x + d * np.cos(ang)), int(y + d * np.sin(ang))),
            (0.75, 0.75, 0.75),
            int(rng.integers(2, 5)),
        )
    return mask


def _ships(rng, img, land):
    h, w = img.shape[:2]
    boxes = []
    for _ in range(rng.integers(1, 3)):
        for _try in range(50):
            cx, cy = rng.uniform(30, w - 30), rng.uniform(30, h - 30)
            if not land[int(cy), int(cx)]:
                break
        length, width = rng.uniform(20, 60), rng.uniform(5, 10)
        ang = rng.uniform(0, 180)
        rect = ((cx, cy), (length, width), ang)
        wake = (
            (
                cx - 0.6 * length * np.cos(np.radians(ang)),
                cy - 0.6 * length * np.sin(np.radians(ang)),
            ),
            (length * 0.9, width * 1.6),
            ang,
        )
        cv2.fillPoly(
            img, [cv2.boxPoints(wake).astype(np.int32)], (0.55, 0.55, 0.5)
        )
        pts = cv2.boxPoints(rect)
        cv2.fillPoly(img, [pts.astype(np.int32)], (0.85, 0.85, 0.88))
        x1, y1 = np.floor(pts.min(0)).astype(int)
        x2, y2 = np.ceil(pts.max(0)).astype(int)
        boxes.append(
            [
                max(0, int(x1)),
                max(0, int(y1)),
                min(w, int(x2)),
                min(h, int(y2)),
            ]
        )
    return boxes


def _voc_xml(folder, filename, w, h, boxes) -> str:
    objs = ''.join(
        '  <object>\n    <name>boat</name>\n    <pose>Unspecified</pose>\n'
        '    <truncated>0</truncated>\n    <difficult>0</difficult>\n'
        f'    <bndbox>\n      <xmin>{b[0]}</xmin>\n      <ymin>{b[1]}</ymin>\n'
        f'      <xmax>{b[2]}</xmax>\n      <ymax>{b[3]}</ymax>\n'
        '    </bndbox>\n  </object>\n'
        for b in boxes
    )
    return (
        f'<annotation>\n  <folder>{folder}</folder>\n'
        f'  <filename>{filename}</filename>\n  <path>{filename}</path>\n'
        '  <source>\n    <database>Unknown</database>\n  </source>\n'
        f'  <size>\n    <width>{w}</width>\n    <height>{h}</height>\n'
        '    <depth>3</depth>\n  </size>\n  <segmented>0</segmented>\n'
        f'{objs}</annotation>\n'
    )


def generate(
    out_dir: str,
    num_images: int = 12,
    seed: int = 0,
    size: int = 512,
    overwrite: bool = False,
) -> str:
    """``num_images`` per class (coast, coast_ship, water); returns
    ``out_dir``. Deterministic for a seed."""
    manifest = dict(
        generator='masati',
        version=VERSION,
        seed=seed,
        num_images=num_images,
        size=size,
    )
    with atomic_output_dir(out_dir, manifest, overwrite) as tmp:
        if tmp is None:
            return out_dir
        rng = np.random.default_rng(seed)
        os.makedirs(osp.join(tmp, 'coast_ship_labels'))
        for folder, prefix in FOLDERS.items():
            for i in range(num_images):
                img = _sea(rng, size, size)
                land = (
                    _coast(rng, img)
                    if folder != 'water'
                    else np.zeros((size, size), bool)
                )
                name = f'{prefix}{i:04d}.png'
                if folder == 'coast_ship':
                    boxes = _ships(rng, img, land)
                    with open(
                        osp.join(
                            tmp, 'coast_ship_labels', f'{prefix}{i:04d}.xml'
                        ),
                        'w',
                    ) as f:
                        f.write(_voc_xml(folder, name, size, size, boxes))
                img = cv2.GaussianBlur(img, (0, 0), 0.7)
                img += 0.01 * rng.standard_normal(img.shape).astype(np.float32)
                imwrite(osp.join(tmp, folder, name), to_uint8(img))
    return out_dir
