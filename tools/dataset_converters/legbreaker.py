"""Annotation lists for the "legbreaker" LWIR landmine dataset.

    python tools/dataset_converters/legbreaker.py DATA_ROOT
        [--metadata metadata.csv] [--image-dir images]
        [--image-col filename] [--zone-col zone] [--negative-zones 9]
        [--crop-boxes crop_boxes.json] [--val-ratio 0.2] [--seed 0]
        [--out-dir mmir_ann] [--overwrite]

Tenorio-Tamayo et al., Data in Brief 2023 (R-JPG, 336x256), as used by Kim
& Kwon, Appl. Sci. 2025 (section 2.1): an image is positive (1) when its
zone is one of the eight zones with buried mines and negative (0) for the
mine-free zone(s) ``--negative-zones``. The per-image metadata (zone,
altitude, date, ...) is read from a CSV whose column names are options.
``--crop-boxes`` (JSON ``{image: [x1, y1, x2, y2]}``) lists the "mixed"
negative images that also show a mined zone: the mine-free region is cut
out and saved, and the lists point to the crop (the paper crops these by
hand).

Writes, in ``DATA_ROOT/<out-dir>`` (atomically; nothing of the dataset is
modified): ``all.txt``, ``train.txt``, ``val.txt`` (mmpretrain
``<path> <label>`` lists relative to DATA_ROOT; train/val a stratified
hold-out, k-fold runs use all.txt), ``crops/`` and ``manifest.json``.
"""

import argparse
import csv
import os
import os.path as osp
import sys

import cv2
import numpy as np

from mmir.datasets.image_files import read_image
from mmir.datasets.synthetic.common import stratified_holdout
from mmir.utils.config_check import DataError
from mmir.utils.fileio import (
    OutputDirError,
    atomic_output_dir,
    read_json,
    write_text_atomic,
)
from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('data_root')
    parser.add_argument('--metadata', default='metadata.csv')
    parser.add_argument('--image-dir', default='images')
    parser.add_argument('--image-col', default='filename')
    parser.add_argument('--zone-col', default='zone')
    parser.add_argument('--negative-zones', nargs='+', default=['9'])
    parser.add_argument(
        '--crop-boxes',
        default='crop_boxes.json',
        help='JSON of mixed negatives to crop (skipped when '
        'the file does not exist)',
    )
    parser.add_argument('--val-ratio', type=float, default=0.2)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out-dir', default='mmir_ann')
    parser.add_argument('--overwrite', action='store_true')
    return parser.parse_args(argv)


def read_metadata(path, image_col, zone_col, negative_zones):
    """``[(image name, label), ...]`` of the metadata CSV."""
    if not osp.isfile(path):
        raise UsageError(f'metadata file {path} not found')
    with open(path, newline='') as f:
        reader = csv.DictReader(f)
        for col in (image_col, zone_col):
            if col not in (reader.fieldnames or []):
                raise UsageError(
                    f'{path}: no column {col!r} (columns: '
                    f'{reader.fieldnames}); set --image-col/--zone-col'
                )
        rows = []
        for n, row in enumerate(reader, 2):
            if None in row or None in row.values():
                raise DataError(
                    f'{path}, line {n}: {len(row) - (None in row)} fields '
                    f'where the header has {len(reader.fieldnames)} '
                    '(truncated or malformed row?)'
                )
            name, zone = row[image_col].strip(), row[zone_col].strip()
            if not name or not zone:
                raise UsageError(
                    f'{path}:{n}: empty {image_col!r} or {zone_col!r}'
                )
            rows.append((name, int(zone not in negative_zones)))
    if not rows:
        raise UsageError(f'{path} lists no images')
    return rows


def convert(
    data_root,
    metadata='metadata.csv',
    image_dir='images',
    image_col='filename',
    zone_col='zone',
    negative_zones=('9',),
    crop_boxes='crop_boxes.json',
    val_ratio=0.2,
    seed=0,
    out_dir='mmir_ann',
    overwrite=False,
):
    rows = read_metadata(
        osp.join(data_root, metadata),
        image_col,
        zone_col,
        {str(z) for z in negative_zones},
    )
    crops_path = osp.join(data_root, crop_boxes) if crop_boxes else None
    crops = read_json(crops_path) if crops_path else None
    crops = crops or {}
    labels = dict(rows)
    for name, box in crops.items():
        if name not in labels:
            raise UsageError(f'{crops_path}: {name} is not in {metadata}')
        if labels[name] != 0:
            raise UsageError(
                f'{crops_path}: {name} is a positive image; '
                'only mine-free (negative) images are cropped'
            )
    manifest = dict(
        tool='legbreaker',
        metadata=metadata,
        image_dir=image_dir,
        negative_zones=sorted(str(z) for z in negative_zones),
        crop_boxes=crops,
        val_ratio=val_ratio,
        seed=seed,
        images=len(rows),
    )
    target = osp.join(data_root, out_dir)
    with atomic_output_dir(
        target, manifest, overwrite, manifest_name='manifest.json'
    ) as tmp:
        if tmp is None:
            return target, rows
        lines = []
        for name, label in rows:
            rel = osp.join(image_dir, name)
            if not osp.isfile(osp.join(data_root, rel)):
                raise UsageError(
                    f'{metadata}: image {rel} not found under {data_root}'
                )
            if name in crops:
                img = read_image(osp.join(data_root, rel))
                h, w = img.shape[:2]
                x1, y1, x2, y2 = (int(round(v)) for v in crops[name])
                if not (0 <= x1 < x2 <= w and 0 <= y1 < y2 <= h):
                    raise UsageError(
                        f'{crops_path}: crop {crops[name]} of '
                        f'{name} is not inside its {w}x{h} '
                        'image'
                    )
                rel = osp.join(
                    out_dir, 'crops', osp.splitext(name)[0] + '.png'
                )
                dst = osp.join(tmp, 'crops', osp.splitext(name)[0] + '.png')
                os.makedirs(osp.dirname(dst), exist_ok=True)
                if not cv2.imwrite(dst, img[y1:y2, x1:x2]):
                    raise OutputDirError(f'could not write {dst}')
            lines.append(f'{rel} {label}\n')
        held = stratified_holdout(
            [lb for _, lb in rows], val_ratio, np.random.default_rng(seed)
        )
        for split, keep in (
            ('all', lambda i: True),
            ('train', lambda i: i not in held),
            ('val', lambda i: i in held),
        ):
            write_text_atomic(
                osp.join(tmp, f'{split}.txt'),
                ''.join(ln for i, ln in enumerate(lines) if keep(i)),
            )
    return target, rows


@cli_main
def main(argv=None):
    args = parse_args(argv)
    target, rows = convert(
        args.data_root,
        args.metadata,
        args.image_dir,
        args.image_col,
        args.zone_col,
        args.negative_zones,
        args.crop_boxes,
        args.val_ratio,
        args.seed,
        args.out_dir,
        args.overwrite,
    )
    pos = sum(lb for _, lb in rows)
    print(
        f'{len(rows)} images ({pos} positive, {len(rows) - pos} negative) '
        f'-> {target}'
    )
    return 0


if __name__ == '__main__':
    sys.exit(main())
