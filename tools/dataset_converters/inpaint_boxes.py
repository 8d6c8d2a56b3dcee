"""Inpaint the annotated boxes of positive images into synthetic negatives.

    python tools/dataset_converters/inpaint_boxes.py DATA_ROOT
        [--boxes boxes.json] [--img-prefix images] [--ann-file meta/all.txt]
        [--out-dir inpainted] [--margin 0]
        [--inpainter telea | ns | TYPE] [--inpainter-args k=v ...]
        [--overwrite]

Kim & Kwon, Appl. Sci. 2025, section 3.3: the boxes around the targets of
every positive image are filled in by an inpainter (default OpenCV's Telea
method, no weights; LaMa or any TorchScript model with
``--inpainter TorchScriptInpainter --inpainter-args checkpoint=big-lama.pt``;
a registered class of your own by its name), giving a target-free copy.

Input, relative to DATA_ROOT: a JSON of boxes ``{image: [[x1, y1, x2, y2],
...]}`` (image names relative to ``--img-prefix``); with ``--ann-file`` (an
mmpretrain ``<path> <label>`` list) only images labelled
``--positive-label`` are inpainted. ``--margin`` enlarges every box (5 px
for MASATI's tight ship boxes in the paper).

Output, in ``DATA_ROOT/<out-dir>`` (written to a temporary folder and moved
into place when complete; the source images are only read):
``images/<name>.png`` (lossless, so only the masked pixels differ),
``masks/<name>.png``, ``pairs.txt`` (``<inpainted> <source>`` per line,
relative to DATA_ROOT, read by ``InpaintedNegativesDataset``) and
``manifest.json``. Prints the throughput in images/s.
"""

import argparse
import os.path as osp
import sys
import time

import cv2
from mmengine.config import DictAction

from mmir.datasets.image_files import read_image
from mmir.inpainting import build_inpainter, inpaint_boxes
from mmir.utils.config_check import DataError
from mmir.utils.fileio import (
    OutputDirError,
    atomic_file,
    atomic_output_dir,
    read_json,
    write_text_atomic,
)
from mmir.utils.launch import UsageError, cli_main
from mmir.utils.progress import progress


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('data_root')
    parser.add_argument('--boxes', default='boxes.json')
    parser.add_argument('--img-prefix', default='images')
    parser.add_argument('--ann-file', help='only the positives of this list')
    parser.add_argument('--positive-label', type=int, default=1)
    parser.add_argument('--out-dir', default='inpainted')
    parser.add_argument('--margin', type=float, default=0)
    parser.add_argument('--inpainter', default='telea')
    parser.add_argument(
        '--inpainter-args', nargs='+', action=DictAction, default={}
    )
    parser.add_argument('--overwrite', action='store_true')
    return parser.parse_args(argv)


def read_positives(path, positive):
    keep = set()
    with open(path) as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2 or not parts[1].lstrip('-').isdigit():
                raise UsageError(
                    f'{path}:{n}: expected "<image path> '
                    f'<label>", got {line.strip()!r}'
                )
            if int(parts[1]) == positive:
                keep.add(osp.normpath(parts[0]))
    return keep


def inpaint_dataset(
    data_root,
    boxes='boxes.json',
    img_prefix='images',
    ann_file=None,
    positive_label=1,
    out_dir='inpainted',
    margin=0,
    inpainter='telea',
    inpainter_args=None,
    overwrite=False,
):
    """Write the inpainted copies; returns ``(out_dir, number, seconds)``."""
    boxes_path = osp.join(data_root, boxes)
    all_boxes = read_json(boxes_path)
    if not isinstance(all_boxes, dict):
        raise UsageError(
            f'{boxes_path}: expected a JSON object '
            '{image: [[x1, y1, x2, y2], ...]}'
        )
    names = sorted(all_boxes)
    if ann_file:
        positives = read_positives(
            osp.join(data_root, ann_file), positive_label
        )
        names = [
            n
            for n in names
            if osp.normpath(osp.join(img_prefix, n)) in positives
        ]
    if isinstance(inpainter, str) and inpainter in ('telea', 'ns'):
        cfg = dict(type='OpenCVInpainter', method=inpainter)
    else:
        cfg = dict(type=inpainter)
    cfg.update(inpainter_args or {})
    model = build_inpainter(cfg)
    manifest = dict(
        tool='inpaint_boxes',
        boxes=boxes,
        img_prefix=img_prefix,
        ann_file=ann_file,
        positive_label=positive_label,
        margin=margin,
        inpainter=cfg,
        images=len(names),
    )
    target = osp.join(data_root, out_dir)
    start = time.time()
    # resumable: a killed run keeps its finished images in the partial
    # folder and the same command continues after them
    with atomic_output_dir(
        target,
        manifest,
        overwrite,
        manifest_name='manifest.json',
        resumable=True,
    ) as tmp:
        if tmp is None:
            print(f'{target} already holds these inpainted images')
            return target, len(names), 0.0
        pairs, done = [], 0
        for name in progress(names, 'inpainting', unit='image'):
            src_rel = osp.join(img_prefix, name)
            stem = osp.splitext(name)[0]
            pairs.append(
                f'{osp.join(out_dir, "images", stem + ".png")} {src_rel}\n'
            )
            outputs = [
                osp.join(tmp, sub, f'{stem}.png')
                for sub in ('images', 'masks')
            ]
            if all(osp.isfile(p) for p in outputs):
                done += 1
                continue
            src = osp.join(data_root, src_rel)
            try:
                img = read_image(src)
            except DataError as err:  # say which record names the image
                raise DataError(f'{boxes_path} [{name}]: {err}') from None
            out, mask = inpaint_boxes(
                img,
                all_boxes[name],
                model,
                margin,
                source=f'{boxes_path} [{name}]',
            )
            for path, arr in zip(outputs, (out, mask * 255)):
                # a kill never leaves half a PNG to be skipped as done
                with atomic_file(path) as part:
                    if not cv2.imwrite(part, arr):
                        raise OutputDirError(f'could not write {path}')
        if done:
            print(f'resumed: {done} of {len(names)} images were already done')
        write_text_atomic(osp.join(tmp, 'pairs.txt'), ''.join(pairs))
    return target, len(names), time.time() - start


@cli_main
def main(argv=None):
    args = parse_args(argv)
    try:
        target, n, secs = inpaint_dataset(
            args.data_root,
            args.boxes,
            args.img_prefix,
            args.ann_file,
            args.positive_label,
            args.out_dir,
            args.margin,
            args.inpainter,
            args.inpainter_args,
            args.overwrite,
        )
    except (ValueError, KeyError) as err:  # bad boxes, unknown inpainter
        print(f'error: {err}', file=sys.stderr)
        return 2
    if secs:
        print(
            f'inpainted {n} images -> {target} in {secs:.2f} s '
            f'({n / max(secs, 1e-9):.1f} images/s)'
        )
    return 0


if __name__ == '__main__':
    sys.exit(main())
