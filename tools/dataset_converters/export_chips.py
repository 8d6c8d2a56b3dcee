"""Store the training chips of a dim-small-target config (Zhao et al. 2024,
section III-A, Table 1): the paper trains on stored small images.

    python tools/dataset_converters/export_chips.py CONFIG
        [--size 80] [--repeats 1] [--background-ratio 0.25]
        [--labels 0 1] [--seed 0] [--data-root DIR]
        [--out-dir mmir_chips/chips80] [--overwrite]

Every sample of the config's training set (key frame + previous frames of
an ``IRSequenceDataset``) gives ``--repeats`` chips of ``--size`` pixels, cut
as ``RandomTargetChip`` cuts them online (around a random box, or anywhere
with probability ``--background-ratio``; seeded), from the raw frames.
Writes, in ``DATA_ROOT/<out-dir>`` (atomically; nothing of the dataset is
changed): ``chips/<n>.npy`` of shape (size, size, frames) in the frames'
own dtype (uint8 or uint16: 80x80x4 16-bit = 50 KB against 2.5 MB for a
640x512 sample, Table 1), ``chips.json`` (COCO: boxes in chip coordinates,
``source_image_id`` and ``chip_offset`` per chip, the config's classes as
categories 1..K) and the manifest. Train on it with the ``chip*-offline``
configs (``LoadChipFrames``; the differential input is computed per chip).
"""

import argparse
import os
import os.path as osp
import sys

import numpy as np

from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('--size', type=int, default=80)
    parser.add_argument('--repeats', type=int, default=1)
    parser.add_argument('--background-ratio', type=float, default=0.25)
    parser.add_argument('--labels', type=int, nargs='+')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--data-root')
    parser.add_argument('--out-dir')
    parser.add_argument('--overwrite', action='store_true')
    args = parser.parse_args(argv)
    if args.repeats < 1:
        raise UsageError(f'--repeats must be >= 1, got {args.repeats}')
    args.out_dir = args.out_dir or f'mmir_chips/chips{args.size}'
    return args


def _chip_dtype(chip, where):
    if not np.array_equal(chip, np.round(chip)) or chip.min() < 0:
        raise UsageError(
            f'{where}: frames are not non-negative integers; '
            'expected 8- or 16-bit frames'
        )
    return np.uint8 if chip.max() <= 255 else np.uint16


def main(argv=None):
    args = parse_args(argv)
    from mmdet.registry import DATASETS
    from mmengine.registry import DefaultScope

    from mmir.utils.config_check import load_config, override_data_root
    from mmir.utils.fileio import atomic_output_dir, write_json_atomic

    cfg = load_config(args.config)
    if args.data_root:
        override_data_root(cfg, args.data_root)
    ds_cfg = cfg.train_dataloader.dataset
    while 'dataset' in ds_cfg:  # wrappers
        ds_cfg = ds_cfg.dataset
    if ds_cfg.get('type') != 'IRSequenceDataset':
        raise UsageError(
            f'{args.config}: the training dataset is '
            f'{ds_cfg.get("type")}; expected IRSequenceDataset'
        )
    ds_cfg = dict(
        ds_cfg,
        pipeline=[
            dict(type='LoadSequenceFrames'),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(
                type='RandomTargetChip',
                size=args.size,
                background_ratio=args.background_ratio,
                labels=args.labels,
            ),
        ],
    )
    with DefaultScope.overwrite_default_scope('mmdet'):
        import mmir.det  # noqa: F401

        dataset = DATASETS.build(ds_cfg)
    classes = list(dataset.metainfo['classes'])
    root = ds_cfg.get('data_root', '')
    out_dir = osp.join(root, args.out_dir)
    manifest = dict(
        tool='export_chips',
        config=osp.basename(args.config),
        ann_file=ds_cfg['ann_file'],
        size=args.size,
        repeats=args.repeats,
        background_ratio=args.background_ratio,
        labels=args.labels,
        seed=args.seed,
        num_samples=len(dataset),
    )
    with atomic_output_dir(out_dir, manifest, args.overwrite) as tmp:
        if tmp is None:
            print(f'{out_dir} is up to date')
            return out_dir
        os.makedirs(osp.join(tmp, 'chips'))
        np.random.seed(args.seed)
        images, anns, nbytes = [], [], 0
        for rep in range(args.repeats):
            for idx in range(len(dataset)):
                res = dataset[idx]
                chip = res['img']
                n = len(images) + 1
                name = f'chips/{n:07d}.npy'
                arr = chip.astype(_chip_dtype(chip, res['img_path']))
                np.save(osp.join(tmp, name), arr)
                nbytes += arr.nbytes
                x0, y0 = res['chip_offset']
                images.append(
                    dict(
                        id=n,
                        file_name=name,
                        width=args.size,
                        height=args.size,
                        source_image_id=res['img_id'],
                        source_file=osp.relpath(res['img_path'], root or '.'),
                        chip_offset=[x0, y0],
                    )
                )
                boxes = (
                    res['gt_bboxes'].numpy()
                    if res.get('gt_bboxes') is not None
                    else []
                )
                for box, label in zip(boxes, res['gt_bboxes_labels']):
                    x1, y1, x2, y2 = (float(v) for v in box)
                    anns.append(
                        dict(
                            id=len(anns) + 1,
                            image_id=n,
                            category_id=int(label) + 1,
                            bbox=[x1, y1, x2 - x1, y2 - y1],
                            area=(x2 - x1) * (y2 - y1),
                            iscrowd=0,
                        )
                    )
        write_json_atomic(
            dict(
                images=images,
                annotations=anns,
                categories=[
                    dict(id=i + 1, name=c) for i, c in enumerate(classes)
                ],
            ),
            osp.join(tmp, 'chips.json'),
            indent=None,
        )
    print(
        f'{len(images)} chips of {args.size}x{args.size} '
        f'({len(anns)} boxes, {nbytes / len(images) / 1024:.1f} KB each) '
        f'from {len(dataset)} samples -> {out_dir}'
    )
    return out_dir


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
