"""Label refinement by loss: write the labels and images to review.

    python tools/curation/dim_target_label_loss.py CONFIG CHECKPOINT
        [--split train] [--threshold sigma:2] [--image-threshold pct:95]
        [--out-dir DIR] [--crop 32] [--data-root DIR]

Zhao et al. 2024, section III-B: a trained dim-target network's loss
(eq. 2) of every labelled image of --split (full frames, test pipeline)
and of every label (its cell against it: loc + class + conf). Labels whose
loss is above --threshold and images above --image-threshold (``abs:X``,
``pct:P`` = the P-th percentile, ``sigma:K`` = mean + K std) are written
for review to --out-dir (default: ``label_review_<split>`` next to the
checkpoint):

- ``labels.csv``: flagged labels, worst first, with empty ``action``
  (keep / delete / relabel / move), ``new_label``, ``new_bbox`` columns;
- ``images.csv``: flagged images with their worst unlabelled cell
  (``hotspot``) and an empty ``add`` column (``class:x,y,w,h; ...``);
- ``crops/``: the key frame around each flagged label (green) or hotspot
  (red), contrast-stretched, x4;
- ``losses.json``: every image and label loss, the thresholds, the mean
  loss; ``loss_hist.png``: their distribution (paper Fig. 11).

Then ``tools/curation/apply_label_review.py ANN_FILE --labels
OUT/labels.csv --images OUT/images.csv`` writes the reviewed annotations as
a new version; the original file is never changed.
"""

import argparse
import csv
import os
import os.path as osp
import sys

import numpy as np
from mmengine.config import DictAction

from mmir.utils.fileio import atomic_output_dir, write_json_atomic
from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--split', default='train')
    parser.add_argument(
        '--threshold',
        default='sigma:2',
        help="labels above: 'abs:X', 'pct:P' or 'sigma:K'",
    )
    parser.add_argument(
        '--image-threshold', help='images above (default: --threshold)'
    )
    parser.add_argument('--out-dir')
    parser.add_argument(
        '--crop',
        type=int,
        default=32,
        help='side of the review crops in frame pixels',
    )
    parser.add_argument('--data-root')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--overwrite', action='store_true')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def _write_csv(path, header, rows):
    with open(path, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def main(argv=None):
    args = parse_args(argv)
    import cv2

    from mmir.det.curation import (
        crop_around,
        flag_losses,
        label_losses,
        loss_histogram_png,
        parse_threshold,
    )
    from mmir.utils.model_loading import load_model_and_dataloader

    try:
        for spec in (args.threshold, args.image_threshold):
            if spec:
                parse_threshold(spec)
    except ValueError as err:
        raise UsageError(str(err))
    model, loader, cfg = load_model_and_dataloader(
        args.config,
        args.checkpoint,
        args.split,
        args.cfg_options,
        args.data_root,
        args.device,
        default_scope='mmdet',
    )
    dataset = loader.dataset
    classes = dataset.metainfo['classes']
    out_dir = args.out_dir or osp.join(
        osp.dirname(osp.abspath(args.checkpoint)), f'label_review_{args.split}'
    )
    manifest = dict(
        tool='dim_target_label_loss',
        config=args.config,
        checkpoint=osp.abspath(args.checkpoint),
        split=args.split,
        threshold=args.threshold,
        image_threshold=args.image_threshold or args.threshold,
        crop=args.crop,
        data_root=args.data_root,
    )
    # resumable: every finished frame's losses go to a cache in the partial
    # folder, so a killed run continues after the last one
    with atomic_output_dir(
        out_dir, manifest, args.overwrite, resumable=True
    ) as tmp:
        if tmp is None:
            print(f'{out_dir} is up to date (same settings); nothing written')
            return
        cache = osp.join(tmp, '.losses.jsonl')
        if osp.isfile(cache):
            print('resuming the per-frame losses of the killed run')
        images, labels = label_losses(model, dataset, args.device, cache)
        os.remove(cache)
        img_values = [r['loss'] for r in images]
        lab_values = [r['loss'] for r in labels]
        thresholds, flagged_images, flagged_labels = flag_losses(
            images, labels, args.threshold, args.image_threshold
        )
        os.makedirs(osp.join(tmp, 'crops'), exist_ok=True)
        rows = []
        for rank, r in enumerate(flagged_labels, start=1):
            x1, y1, x2, y2 = r['bbox']
            crop = f'crops/label_{r["ann_id"]}.png'
            cv2.imwrite(
                osp.join(tmp, crop),
                crop_around(
                    r['img_path'],
                    (x1 + x2) / 2,
                    (y1 + y2) / 2,
                    args.crop,
                    r['bbox'],
                ),
            )
            rows.append(
                (
                    rank,
                    r['ann_id'],
                    r['img_id'],
                    r['img_path'],
                    classes[r['label']],
                    round(x1, 2),
                    round(y1, 2),
                    round(x2 - x1, 2),
                    round(y2 - y1, 2),
                    round(r['loss'], 6),
                    crop,
                    '',
                    '',
                    '',
                )
            )
        _write_csv(
            osp.join(tmp, 'labels.csv'),
            (
                'rank',
                'ann_id',
                'image_id',
                'img_path',
                'label',
                'x',
                'y',
                'w',
                'h',
                'loss',
                'crop',
                'action',
                'new_label',
                'new_bbox',
            ),
            rows,
        )
        rows = []
        for rank, r in enumerate(flagged_images, start=1):
            hs = r['hotspot']
            crop = f'crops/image_{r["img_id"]}.png'
            cv2.imwrite(
                osp.join(tmp, crop),
                crop_around(
                    r['img_path'],
                    hs['x'],
                    hs['y'],
                    args.crop,
                    colour=(0, 0, 255),
                ),
            )
            rows.append(
                (
                    rank,
                    r['img_id'],
                    r['img_path'],
                    r['video_id'],
                    r['frame_id'],
                    round(r['loss'], 6),
                    round(hs['x'], 1),
                    round(hs['y'], 1),
                    round(hs['loss'], 6),
                    crop,
                    '',
                )
            )
        _write_csv(
            osp.join(tmp, 'images.csv'),
            (
                'rank',
                'image_id',
                'img_path',
                'video_id',
                'frame_id',
                'loss',
                'hotspot_x',
                'hotspot_y',
                'hotspot_loss',
                'crop',
                'add',
            ),
            rows,
        )
        write_json_atomic(
            dict(
                image_threshold=thresholds[0],
                label_threshold=thresholds[1],
                mean_image_loss=float(np.mean(img_values)) if images else None,
                mean_label_loss=float(np.mean(lab_values)) if labels else None,
                images=images,
                labels=labels,
            ),
            osp.join(tmp, 'losses.json'),
        )
        loss_histogram_png(
            osp.join(tmp, 'loss_hist.png'), img_values, lab_values, thresholds
        )
    print(
        f'{len(images)} images (mean loss {np.mean(img_values):.4g}), '
        f'{len(labels)} labels; flagged {len(flagged_images)} images '
        f'(> {thresholds[0]:.4g}) and {len(flagged_labels)} labels '
        f'(> {thresholds[1]:.4g}) -> {out_dir}'
    )


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
