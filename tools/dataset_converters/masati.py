"""Annotation lists and ship boxes for MASATI-v2 (binary "Coast" vs "Coast &
Ship", plus the "Sea" evaluation set).

    python tools/dataset_converters/masati.py MASATI_ROOT
        [--negative coast] [--positive coast_ship] [--sea water]
        [--test-ratio 0.2] [--seed 0] [--out-dir mmir_ann] [--overwrite]

Gallego et al., Remote Sens. 2018 / Alashhab et al., IEEE Access 2019, as
used by Kim & Kwon, Appl. Sci. 2025 (section 4.5): MASATI_ROOT holds one
folder of 512x512 images per class (``coast/``, ``coast_ship/``,
``water/``, ...) and PASCAL VOC boxes in ``<class>_labels/<stem>.xml``.
Each of the two classes is split 8:2 at random (seeded) into train and
test; every "Sea" image is an extra negative test set. Some MASATI XML files
give a 224x224 size for 512x512 images; the image's own size is used and
boxes are clipped to it.

Writes, in ``MASATI_ROOT/<out-dir>`` (atomically; the dataset is not
modified): ``train.txt``, ``test.txt``, ``all.txt``, ``sea.txt``
(``<path> <label>``, label 1 = ship, paths relative to MASATI_ROOT),
``boxes.json`` (``{path: [[x1, y1, x2, y2], ...]}`` of the positives) and
``manifest.json``. Then the ship-free copies (boxes enlarged by 5 px, as in
the paper)::

    python tools/dataset_converters/inpaint_boxes.py MASATI_ROOT \\
        --boxes mmir_ann/boxes.json --img-prefix '' --margin 5
"""

import argparse
import os
import os.path as osp
import sys
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image

from mmir.datasets.image_files import check_image_file
from mmir.utils.config_check import DataError
from mmir.utils.fileio import (
    atomic_output_dir,
    write_json_atomic,
    write_text_atomic,
)
from mmir.utils.launch import UsageError, cli_main

IMAGE_EXTS = ('.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('root')
    parser.add_argument('--negative', default='coast')
    parser.add_argument('--positive', default='coast_ship')
    parser.add_argument(
        '--sea',
        default='water',
        help='folder of the extra "Sea" test set ("" for none)',
    )
    parser.add_argument('--test-ratio', type=float, default=0.2)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out-dir', default='mmir_ann')
    parser.add_argument('--overwrite', action='store_true')
    return parser.parse_args(argv)


def list_images(root, folder):
    path = osp.join(root, folder)
    if not osp.isdir(path):
        raise UsageError(
            f'{path} not found: MASATI_ROOT must hold one '
            'folder per class (coast/, coast_ship/, water/)'
        )
    names = sorted(
        n for n in os.listdir(path) if n.lower().endswith(IMAGE_EXTS)
    )
    if not names:
        raise UsageError(f'{path} holds no images')
    return [f'{folder}/{n}' for n in names]


def read_voc_boxes(xml_path, width, height):
    """Boxes ``[[x1, y1, x2, y2], ...]`` of a VOC file, clipped to the
    image; a box that is empty after clipping is an error naming the
    file."""
    try:
        root = ET.parse(xml_path).getroot()
    except ET.ParseError as err:
        raise UsageError(f'{xml_path}: not valid XML ({err})') from None
    boxes = []
    for obj in root.iter('object'):
        bb = obj.find('bndbox')
        try:
            x1, y1, x2, y2 = (
                float(bb.find(k).text)
                for k in ('xmin', 'ymin', 'xmax', 'ymax')
            )
        except (AttributeError, TypeError, ValueError):
            raise UsageError(
                f'{xml_path}: an <object> lacks a numeric '
                '<bndbox> xmin/ymin/xmax/ymax'
            ) from None
        x1, x2 = max(0.0, x1), min(float(width), x2)
        y1, y2 = max(0.0, y1), min(float(height), y2)
        if not (x1 < x2 and y1 < y2):
            raise UsageError(
                f'{xml_path}: box {[x1, y1, x2, y2]} is empty '
                f'inside the {width}x{height} image'
            )
        boxes.append([x1, y1, x2, y2])
    return boxes


def convert(
    root,
    negative='coast',
    positive='coast_ship',
    sea='water',
    test_ratio=0.2,
    seed=0,
    out_dir='mmir_ann',
    overwrite=False,
):
    neg, pos = list_images(root, negative), list_images(root, positive)
    sea_list = list_images(root, sea) if sea else []
    boxes, missing = {}, []
    for rel in pos:
        stem = osp.splitext(osp.basename(rel))[0]
        xml = osp.join(root, f'{positive}_labels', f'{stem}.xml')
        if not osp.isfile(xml):
            missing.append(rel)
            continue
        path = osp.join(root, rel)
        check_image_file(path)
        try:
            with Image.open(path) as im:
                w, h = im.size
        except OSError as err:  # PIL's UnidentifiedImageError included
            raise DataError(f'{path}: not a readable image ({err})') from None
        boxes[rel] = read_voc_boxes(xml, w, h)
    rng = np.random.default_rng(seed)
    split = {}
    for items in (neg, pos):
        test = set(
            rng.permutation(len(items))[
                : int(round(len(items) * test_ratio))
            ].tolist()
        )
        for i, rel in enumerate(items):
            split[rel] = 'test' if i in test else 'train'
    labels = {**{r: 0 for r in neg}, **{r: 1 for r in pos}}
    manifest = dict(
        tool='masati',
        negative=negative,
        positive=positive,
        sea=sea,
        test_ratio=test_ratio,
        seed=seed,
        counts=[len(neg), len(pos), len(sea_list)],
    )
    target = osp.join(root, out_dir)
    with atomic_output_dir(
        target, manifest, overwrite, manifest_name='manifest.json'
    ) as tmp:
        if tmp is None:
            return target, manifest, missing
        for name, keep in (
            ('all', lambda r: True),
            ('train', lambda r: split[r] == 'train'),
            ('test', lambda r: split[r] == 'test'),
        ):
            write_text_atomic(
                osp.join(tmp, f'{name}.txt'),
                ''.join(f'{r} {labels[r]}\n' for r in neg + pos if keep(r)),
            )
        write_text_atomic(
            osp.join(tmp, 'sea.txt'), ''.join(f'{r} 0\n' for r in sea_list)
        )
        write_json_atomic(boxes, osp.join(tmp, 'boxes.json'))
    return target, manifest, missing


@cli_main
def main(argv=None):
    args = parse_args(argv)
    target, manifest, missing = convert(
        args.root,
        args.negative,
        args.positive,
        args.sea,
        args.test_ratio,
        args.seed,
        args.out_dir,
        args.overwrite,
    )
    n_neg, n_pos, n_sea = manifest['counts']
    print(
        f'{n_neg} {args.negative} + {n_pos} {args.positive} '
        f'(+ {n_sea} {args.sea}) -> {target}'
    )
    if missing:
        print(
            f'warning: {len(missing)} {args.positive} images have no '
            f'{args.positive}_labels/*.xml (not inpainted): '
            f'{missing[:5]}{" ..." if len(missing) > 5 else ""}'
        )
    return 0


if __name__ == '__main__':
    sys.exit(main())
