"""Synthetic IR sky sequences with dim small targets (dim-target paper).

640x512 single-channel frames, 16-bit (14-bit detector counts) or 8-bit.
Cloud backgrounds drift slowly; targets are 3x3-ish Gaussian spots a few
noise sigmas above the background that move faster than the clouds.
Interference the paper labels as its own class: single-frame flickering
pixels and bright glints riding on cloud edges. Annotations follow mmdet's
video COCO layout (``videos`` + ``images`` with ``video_id``/``frame_id`` +
``annotations`` with ``instance_id``) so that any 4 consecutive frames form
one sample::

    frames/seq_0000/000000.png
    annotations/{train,val,pool}.json

``pool`` holds "new" sequences for the hard-example loop (section III-C):
its labels stand in for the reviewer's (the loop mines it unlabelled).
"""

import os.path as osp

import cv2
import numpy as np

from .common import atomic_output_dir, dump_json, fractal_noise, imwrite

CLASSES = ('target', 'interference')
VERSION = 2
TARGET_BOX = 5  # px, box side for a target spot
INTERFERENCE_BOX = 5


def _spot(frame, x, y, sigma, amp) -> None:
    h, w = frame.shape
    x0, x1 = max(0, int(x) - 4), min(w, int(x) + 5)
    y0, y1 = max(0, int(y) - 4), min(h, int(y) + 5)
    if x0 >= x1 or y0 >= y1:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1]
    frame[y0:y1, x0:x1] += amp * np.exp(
        -((xx - x) ** 2 + (yy - y) ** 2) / (2 * sigma**2)
    )


def _box(x, y, side, w, h):
    x0, y0 = max(0.0, x - side / 2), max(0.0, y - side / 2)
    x1, y1 = min(float(w), x + side / 2), min(float(h), y + side / 2)
    return [round(x0, 2), round(y0, 2), round(x1 - x0, 2), round(y1 - y0, 2)]


def _sequence(rng, num_frames, h, w):
    """Frames in detector counts (float) and per-frame (label, id, x, y)."""
    pad = 64
    clouds = fractal_noise(rng, h + 2 * pad, w + 2 * pad, octaves=5, base=2)
    clouds = np.clip(clouds * 1.6 - 0.4, 0, 1) ** 1.5
    level, cloud_gain, noise = 6000.0, rng.uniform(1500, 3000), 12.0
    drift = rng.uniform(-0.8, 0.8, 2)
    edges = (
        cv2.Sobel(clouds, cv2.CV_32F, 1, 0) ** 2
        + cv2.Sobel(clouds, cv2.CV_32F, 0, 1) ** 2
    )
    ys, xs = np.nonzero(edges > np.quantile(edges, 0.995))
    pick = (
        rng.choice(
            len(ys), size=min(len(ys), int(rng.integers(1, 4))), replace=False
        )
        if len(ys)
        else []
    )
    glints = [(xs[i] - pad, ys[i] - pad) for i in pick]
    targets = [
        dict(
            id=k,
            x=rng.uniform(40, w - 40),
            y=rng.uniform(40, h - 40),
            v=rng.uniform(1.5, 4.0)
            * np.array([np.cos(a := rng.uniform(0, 2 * np.pi)), np.sin(a)]),
            sigma=rng.uniform(0.6, 1.0),
            snr=rng.uniform(3, 8),
        )
        for k in range(int(rng.integers(1, 4)))
    ]
    fpn = 4 * rng.standard_normal((1, w))  # column fixed-pattern noise
    frames, labels = [], []
    for t in range(num_frames):
        dx, dy = drift * t
        m = np.float32([[1, 0, -pad - dx], [0, 1, -pad - dy]])
        bg = cv2.warpAffine(
            clouds,
            m,
            (w, h),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REFLECT,
        )
        frame = level + cloud_gain * bg + noise * rng.standard_normal((h, w))
        frame += fpn
        objs = []
        for tg in targets:
            x, y = tg['x'] + tg['v'][0] * t, tg['y'] + tg['v'][1] * t
            if 2 <= x < w - 2 and 2 <= y < h - 2:
                _spot(frame, x, y, tg['sigma'], tg['snr'] * noise)
                objs.append((0, tg['id'], x, y))
        for g, (gx, gy) in enumerate(glints):
            x, y = gx + dx, gy + dy
            if 2 <= x < w - 2 and 2 <= y < h - 2 and rng.random() < 0.8:
                _spot(frame, x, y, 0.8, rng.uniform(6, 10) * noise)
                objs.append((1, 100 + g, x, y))
        for f in range(int(rng.poisson(1.0))):  # flickering pixels
            x, y = int(rng.integers(2, w - 2)), int(rng.integers(2, h - 2))
            frame[y, x] += rng.uniform(8, 15) * noise
            objs.append((1, 1000 + 10 * t + f, x + 0.5, y + 0.5))
        frames.append(frame)
        labels.append(objs)
    return frames, labels


def _to_bits(frame, bit_depth):
    if bit_depth == 16:
        return np.clip(np.rint(frame), 0, 2**14 - 1).astype(np.uint16)
    return np.clip(np.rint((frame - 5000) / 24), 0, 255).astype(np.uint8)


def generate(
    out_dir: str,
    num_train: int = 3,
    num_val: int = 1,
    num_pool: int = 1,
    num_frames: int = 8,
    bit_depth: int = 16,
    seed: int = 0,
    size: tuple[int, int] = (640, 512),
    overwrite: bool = False,
) -> str:
    """Write the dataset; returns ``out_dir``. Deterministic for a seed."""
    if bit_depth not in (8, 16):
        raise ValueError(f'bit_depth must be 8 or 16, got {bit_depth}')
    w, h = size
    manifest = dict(
        generator='ir_sequence',
        version=VERSION,
        seed=seed,
        num_train=num_train,
        num_val=num_val,
        num_pool=num_pool,
        num_frames=num_frames,
        bit_depth=bit_depth,
        size=[w, h],
    )
    with atomic_output_dir(out_dir, manifest, overwrite) as tmp:
        if tmp is None:
            return out_dir
        seq_idx = 0
        for split, num in (
            ('train', num_train),
            ('val', num_val),
            ('pool', num_pool),
        ):
            videos, images, anns = [], [], []
            for _ in range(num):
                rng = np.random.default_rng([seed, seq_idx])
                name = f'seq_{seq_idx:04d}'
                videos.append(dict(id=seq_idx + 1, name=name))
                frames, labels = _sequence(rng, num_frames, h, w)
                for t, (frame, objs) in enumerate(zip(frames, labels)):
                    file_name = f'{name}/{t:06d}.png'
                    imwrite(
                        osp.join(tmp, 'frames', file_name),
                        _to_bits(frame, bit_depth),
                    )
                    image_id = len(images) + 1
                    images.append(
                        dict(
                            id=image_id,
                            file_name=file_name,
                            height=h,
                            width=w,
                            video_id=seq_idx + 1,
                            frame_id=t,
                            bit_depth=bit_depth,
                        )
                    )
                    for label, inst, x, y in objs:
                        side = TARGET_BOX if label == 0 else INTERFERENCE_BOX
                        bbox = _box(x, y, side, w, h)
                        anns.append(
                            dict(
                                id=len(anns) + 1,
                                image_id=image_id,
                                video_id=seq_idx + 1,
                                category_id=label + 1,
                                instance_id=seq_idx * 10000 + inst,
                                bbox=bbox,
                                area=round(bbox[2] * bbox[3], 2),
                                iscrowd=0,
                            )
                        )
                seq_idx += 1
            dump_json(
                dict(
                    videos=videos,
                    images=images,
                    annotations=anns,
                    categories=[
                        dict(id=k + 1, name=c) for k, c in enumerate(CLASSES)
                    ],
                ),
                osp.join(tmp, 'annotations', f'{split}.json'),
            )
    return out_dir
