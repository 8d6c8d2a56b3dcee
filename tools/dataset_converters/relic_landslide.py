"""Relic-landslide tiles in mmseg layout, as the MRIFE paper prepares them.

    python tools/dataset_converters/relic_landslide.py SRC OUT
        [--images images] [--masks masks] [--size 512]
        [--ratios 0.6 0.2 0.2] [--seed 0] [--missing-mask-is-negative]
        [--overwrite]

He et al., MRIFE, sec. IV-B: every image (a crop with a landslide, or a
random landslide-free crop) is scaled so its longer side is ``--size`` and
zero-padded (bottom/right) to ``size x size``; the mask is scaled with
nearest-neighbour and padded with background. Images are split 6:2:2 into
train/val/test within the positives and within the negatives (seeded).

SRC/<images>/<stem>.<ext> are RGB images; SRC/<masks>/<stem>.<ext> are
masks in which any non-zero pixel is landslide (0/1 and 0/255 both work).
A missing mask is an error unless ``--missing-mask-is-negative``.

Writes OUT (a new folder, atomically; SRC is not modified):
``img_dir/{train,val,test}/<stem>.png``, ``ann_dir/...`` (0 background,
1 landslide), ``splits.json`` ({stem: [split, label, source]}) and
``manifest.json``; ``LandslideDataset`` reads it with ``--data-root OUT``.
"""

import argparse
import os
import os.path as osp
import sys

import cv2
import numpy as np

from mmir.datasets.synthetic.common import split_counts
from mmir.utils.fileio import atomic_output_dir, write_json_atomic
from mmir.utils.launch import UsageError, cli_main

IMAGE_EXTS = ('.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff')
SPLITS = ('train', 'val', 'test')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src')
    parser.add_argument('out')
    parser.add_argument('--images', default='images')
    parser.add_argument('--masks', default='masks')
    parser.add_argument('--size', type=int, default=512)
    parser.add_argument(
        '--ratios',
        type=float,
        nargs=3,
        default=(0.6, 0.2, 0.2),
        metavar=('TRAIN', 'VAL', 'TEST'),
    )
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '--missing-mask-is-negative',
        action='store_true',
        help='an image without a mask file is a negative',
    )
    parser.add_argument('--overwrite', action='store_true')
    return parser.parse_args(argv)


def _by_stem(folder, what):
    if not osp.isdir(folder):
        raise UsageError(f'{folder} not found: expected a folder of {what}')
    files = {}
    for name in sorted(os.listdir(folder)):
        stem, ext = osp.splitext(name)
        if ext.lower() not in IMAGE_EXTS:
            continue
        if stem in files:
            raise UsageError(
                f'{folder}: {files[stem]} and {name} share the '
                f'stem {stem!r}; stems must be unique'
            )
        files[stem] = name
    return files


def _read_pair(path, mask_path):
    """Image (BGR) and 0/1 mask (all 0 when ``mask_path`` is None); errors
    name the file."""
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        raise UsageError(f'{path}: not a readable image')
    if mask_path is None:
        return img, np.zeros(img.shape[:2], np.uint8)
    mask = cv2.imread(mask_path, cv2.IMREAD_UNCHANGED)
    if mask is None:
        raise UsageError(f'{mask_path}: not a readable image')
    if mask.ndim == 3:
        mask = mask.max(axis=2)
    if mask.shape != img.shape[:2]:
        raise UsageError(
            f'{mask_path}: mask is {mask.shape[1]}x{mask.shape[0]} but its '
            f'image {path} is {img.shape[1]}x{img.shape[0]}'
        )
    return img, (mask > 0).astype(np.uint8)


def letterbox(img, size, interpolation, pad=0):
    """Scale the longer side to ``size``, pad bottom/right to size x size."""
    h, w = img.shape[:2]
    scale = size / max(h, w)
    nh, nw = max(1, int(round(h * scale))), max(1, int(round(w * scale)))
    resized = cv2.resize(img, (nw, nh), interpolation=interpolation)
    out = np.full((size, size) + img.shape[2:], pad, img.dtype)
    out[:nh, :nw] = resized
    return out


def convert(
    src,
    out,
    images='images',
    masks='masks',
    size=512,
    ratios=(0.6, 0.2, 0.2),
    seed=0,
    missing_mask_is_negative=False,
    overwrite=False,
):
    if size < 8:
        raise UsageError(f'--size {size}: expected at least 8 pixels')
    if any(r < 0 for r in ratios) or sum(ratios) <= 0:
        raise UsageError(
            f'--ratios {list(ratios)}: expected non-negative '
            'numbers with a positive sum'
        )
    img_files = _by_stem(osp.join(src, images), 'images')
    if not img_files:
        raise UsageError(f'{osp.join(src, images)} holds no images')
    mask_dir = osp.join(src, masks)
    mask_files = (
        _by_stem(mask_dir, 'masks')
        if osp.isdir(mask_dir) or not missing_mask_is_negative
        else {}
    )
    missing = sorted(set(img_files) - set(mask_files))
    if missing and not missing_mask_is_negative:
        raise UsageError(
            f'{len(missing)} images have no mask in {mask_dir} (e.g. '
            f'{img_files[missing[0]]}); add them or pass '
            '--missing-mask-is-negative'
        )

    def pair(stem):
        mask = mask_files.get(stem)
        return _read_pair(
            osp.join(src, images, img_files[stem]),
            mask and osp.join(mask_dir, mask),
        )

    # Labels decide the split before anything is written, so every image is
    # read here (errors surface before the output folder exists) and again
    # when written, instead of holding all tiles in memory.
    labels = {stem: int(pair(stem)[1].any()) for stem in img_files}
    total = sum(ratios)
    rng = np.random.default_rng(seed)
    split = {}
    for label in (1, 0):
        stems = [s for s in sorted(labels) if labels[s] == label]
        order = [stems[i] for i in rng.permutation(len(stems))]
        # remainder to train: val and test are rounded
        n_val, _, n_train = split_counts(
            len(order),
            [ratios[1] / total, ratios[2] / total, ratios[0] / total],
        )
        for i, stem in enumerate(order):
            split[stem] = SPLITS[
                0 if i < n_train else 1 if i < n_train + n_val else 2
            ]
    manifest = dict(
        tool='relic_landslide',
        src=osp.abspath(src),
        images=images,
        masks=masks,
        size=size,
        ratios=list(ratios),
        seed=seed,
        missing_mask_is_negative=missing_mask_is_negative,
        count=len(img_files),
    )
    with atomic_output_dir(
        out, manifest, overwrite, manifest_name='manifest.json'
    ) as tmp:
        if tmp is None:
            return out, split, labels
        for sub in SPLITS:
            os.makedirs(osp.join(tmp, 'img_dir', sub))
            os.makedirs(osp.join(tmp, 'ann_dir', sub))
        for stem in img_files:
            img, mask = pair(stem)
            interp = (
                cv2.INTER_AREA
                if max(img.shape[:2]) > size
                else cv2.INTER_LINEAR
            )
            for kind, arr in (
                ('img_dir', letterbox(img, size, interp)),
                ('ann_dir', letterbox(mask, size, cv2.INTER_NEAREST)),
            ):
                cv2.imwrite(
                    osp.join(tmp, kind, split[stem], f'{stem}.png'), arr
                )
        write_json_atomic(
            {
                s: [split[s], labels[s], osp.join(images, img_files[s])]
                for s in sorted(split)
            },
            osp.join(tmp, 'splits.json'),
        )
    return out, split, labels


@cli_main
def main(argv=None):
    args = parse_args(argv)
    out, split, labels = convert(
        args.src,
        args.out,
        args.images,
        args.masks,
        args.size,
        tuple(args.ratios),
        args.seed,
        args.missing_mask_is_negative,
        args.overwrite,
    )
    for sub in SPLITS:
        pos = sum(1 for s in split if split[s] == sub and labels[s])
        neg = sum(1 for s in split if split[s] == sub and not labels[s])
        print(f'{sub}: {pos} landslide + {neg} landslide-free')
    print(f'-> {out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
