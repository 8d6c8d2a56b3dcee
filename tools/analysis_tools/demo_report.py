"""The visual report of ``make demo``: each model's predictions on a few
test inputs and its training loss, as one HTML page and one PNG montage.

    python tools/analysis_tools/demo_report.py WORK_DIR [--num 3]

Reads ``WORK_DIR/demo.json`` (written by tools/demo.py: per model its
config, checkpoint, data root, test metrics and trivial baselines) and
runs mmir's own inference tools on test inputs of each data root:

- BNSA Mask R-CNN, MRIFE: ``tools/inference/image_demo.py`` (the
  toolboxes' Inferencers: masks and boxes over the thermal image, landslide
  masks) beside the ground truth;
- the dim-target detector: ``tools/inference/dim_target_sequence.py`` on a
  test sequence, its last frame with the detections and trajectories;
- ABMIL: ``tools/analysis_tools/abmil_heatmaps.py`` (attention and
  Grad-CAM overlays with p(landmine));
- EfficientNetV2 + SVM: ``image_demo.py`` on test arrays, shown as their
  RGB bands with p(landslide).

Writes ``WORK_DIR/report.html`` (images under ``WORK_DIR/report/``) and
``WORK_DIR/report.png``.
"""

import argparse
import csv
import html
import os
import os.path as osp
import subprocess
import sys

import cv2
import numpy as np

from mmir.utils.fileio import atomic_file, read_json
from mmir.utils.launch import UsageError, cli_main

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('work_dir')
    parser.add_argument('--num', type=int, default=3, help='inputs per model')
    return parser.parse_args(argv)


def _tool(*args):
    """Run one of mmir's tools quietly; its output on failure."""
    proc = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        raise RuntimeError(
            f'{args[0]} failed (exit {proc.returncode}):\n'
            + '\n'.join((proc.stdout + proc.stderr).splitlines()[-15:])
        )


def _image_demo(run, files, out_dir):
    """``files`` through tools/inference/image_demo.py (the toolbox's
    Inferencer) with the run's model."""
    _tool(
        'tools/inference/image_demo.py',
        run['config'],
        run['checkpoint'],
        *files,
        '--out-dir',
        out_dir,
    )


def _label(img, text, min_height=200):
    """``img`` (BGR uint8, enlarged to ``min_height``) with ``text`` in a
    bar above it."""
    if img.shape[0] < min_height:
        k = -(-min_height // img.shape[0])
        img = cv2.resize(
            img,
            (img.shape[1] * k, img.shape[0] * k),
            interpolation=cv2.INTER_NEAREST,
        )
    bar = np.full((22, img.shape[1], 3), 255, np.uint8)
    cv2.putText(
        bar, text, (4, 16), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1
    )
    return np.vstack([bar, img])


def _bgr(img):
    img = np.asarray(img)
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    return np.ascontiguousarray(img[..., :3])


def _mask_overlay(image, mask, color=(0, 0, 255)):
    """Label-1 pixels of ``mask`` tinted over ``image``."""
    out = _bgr(image).copy()
    sel = mask == 1
    out[sel] = (0.5 * out[sel] + 0.5 * np.array(color)).astype(np.uint8)
    return out


def _coco_images(data_root, ann_file, img_prefix, num):
    ann = read_json(osp.join(data_root, ann_file))
    images = ann['images'][:num]
    return [osp.join(data_root, img_prefix, im['file_name']) for im in images]


def _gt_instances(data_root, ann_file, path):
    """The ground-truth masks of one COCO image, drawn in green."""
    import contextlib
    import io

    from pycocotools.coco import COCO

    with contextlib.redirect_stdout(io.StringIO()):  # its loading messages
        coco = COCO(osp.join(data_root, ann_file))
    name = osp.basename(path)
    img_id = next(
        i
        for i, im in coco.imgs.items()
        if osp.basename(im['file_name']) == name
    )
    out = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    for a in coco.loadAnns(coco.getAnnIds(imgIds=[img_id])):
        out = _mask_overlay(out, coco.annToMask(a), (0, 200, 0))
    return out


def panel_instances(run, out_dir, num):
    root = run['data_root']
    files = _coco_images(
        root, 'annotations/instances_val.json', 'images/val', num
    )
    _image_demo(run, files, out_dir)
    tiles = []
    for path in files:
        stem = osp.splitext(osp.basename(path))[0]
        gt = _label(
            _gt_instances(root, 'annotations/instances_val.json', path),
            f'{stem}: ground truth',
        )
        pred = _bgr(cv2.imread(osp.join(out_dir, 'vis', stem + '.png')))
        pred = cv2.resize(pred, (gt.shape[1], gt.shape[0] - 22))
        tiles += [gt, _label(pred, 'prediction (score >= 0.3)')]
    return tiles


def panel_landslides(run, out_dir, num):
    root = run['data_root']
    img_dir = osp.join(root, 'img_dir', 'test')
    names = sorted(os.listdir(img_dir))
    # tiles with a landslide first: they show the mask
    names.sort(
        key=lambda n: (
            -int(
                (
                    cv2.imread(osp.join(root, 'ann_dir', 'test', n), 0) == 1
                ).any()
            )
        )
    )
    files = [osp.join(img_dir, n) for n in names[:num]]
    _image_demo(run, files, out_dir)
    tiles = []
    for path in files:
        name = osp.basename(path)
        stem = osp.splitext(name)[0]
        image = cv2.imread(path)
        gt = cv2.imread(osp.join(root, 'ann_dir', 'test', name), 0)
        pred = cv2.imread(osp.join(out_dir, 'masks', stem + '.png'), 0)
        tiles += [
            _label(_mask_overlay(image, gt, (0, 200, 0)), f'{stem}: truth'),
            _label(_mask_overlay(image, pred), 'predicted landslide'),
        ]
    return tiles


def panel_sequence(run, out_dir, num):
    root = run['data_root']
    ann = read_json(osp.join(root, 'annotations', 'val.json'))
    video = ann['videos'][0]['name']
    frames = osp.join(root, 'frames', video)
    _tool(
        'tools/inference/dim_target_sequence.py',
        run['config'],
        run['checkpoint'],
        frames,
        '--out-dir',
        out_dir,
        '--overwrite',
    )
    cap = cv2.VideoCapture(osp.join(out_dir, 'detections.mp4'))
    last = None
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        last = frame
    cap.release()
    if last is None:
        raise RuntimeError(f'{out_dir}/detections.mp4 holds no frame')
    n = len(read_json(osp.join(out_dir, 'tracks.json')))
    return [_label(last, f'{video}: last frame, {n} trajectories')]


def panel_abmil(run, out_dir, num):
    root = run['data_root']
    with open(osp.join(root, 'mmir_ann', 'val.txt')) as f:
        items = [line.split() for line in f if line.strip()]
    pos = [osp.join(root, p) for p, lab in items if lab == '1']
    neg = [osp.join(root, p) for p, lab in items if lab == '0']
    files = pos[: num - 1] + neg[:1]
    _tool(
        'tools/analysis_tools/abmil_heatmaps.py',
        run['config'],
        run['checkpoint'],
        '--images',
        *files,
        '--out-dir',
        out_dir,
        '--method',
        'attention',
        'gradcam',
    )
    with open(osp.join(out_dir, 'heatmaps.csv')) as f:
        rows = list(csv.DictReader(f))
    prob = {
        osp.splitext(osp.basename(r['image']))[0]: float(r['p_positive'])
        for r in rows
    }
    tiles = []
    for path in files:
        stem = osp.splitext(osp.basename(path))[0]
        truth = 'mine' if path in pos else 'no mine'
        for kind in ('attention', 'gradcam'):
            img = cv2.imread(osp.join(out_dir, f'{stem}_{kind}.png'))
            tiles.append(
                _label(img, f'{stem} ({truth}): {kind}, p={prob[stem]:.2f}')
            )
    return tiles


def panel_multiband(run, out_dir, num):
    root = run['data_root']
    with open(osp.join(root, 'test.csv')) as f:
        rows = list(csv.DictReader(f))
    pick = [r for r in rows if r['label'] == '1'][:2]
    pick += [r for r in rows if r['label'] == '0'][: max(1, num - 2)]
    files = [osp.join(root, 'arrays', r['id'] + '.npy') for r in pick]
    _image_demo(run, files, out_dir)
    preds = read_json(osp.join(out_dir, 'predictions.json'))
    tiles = []
    for row, path, pred in zip(pick, files, preds):
        bands = np.load(path)
        rgb = np.stack([bands[2], bands[1], bands[0]], -1)  # B, G, R
        lo, hi = np.percentile(rgb, (1, 99))
        img = np.clip((rgb - lo) / max(hi - lo, 1e-6) * 255, 0, 255)
        img = img.astype(np.uint8)
        truth = 'landslide' if row['label'] == '1' else 'none'
        tiles.append(_label(img, f'{truth}: p={pred["pred_scores"][1]:.2f}'))
    return tiles


PANELS = {
    'instances': panel_instances,
    'sequence': panel_sequence,
    'landslides': panel_landslides,
    'abmil': panel_abmil,
    'multiband': panel_multiband,
}


def loss_curve(work_dir, path):
    """The training loss against the iteration, from MMEngine's
    ``vis_data/scalars.json`` (all sessions of the run); False when none
    was logged."""
    import matplotlib

    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    from mmir.experiments.plots import read_scalars

    train = [r for r in read_scalars(work_dir)[0] if 'loss' in r]
    if not train:
        return False
    steps, losses = [r['step'] for r in train], [r['loss'] for r in train]
    fig, ax = plt.subplots(figsize=(3.6, 2.6), dpi=100)
    ax.plot(steps, losses)
    ax.set_xlabel('iteration')
    ax.set_ylabel('training loss')
    ax.grid(alpha=0.3)
    fig.tight_layout()
    with atomic_file(path) as tmp:
        fig.savefig(tmp, format='png')
    plt.close(fig)
    return True


def _row(tiles, height=200):
    scaled = [
        cv2.resize(t, (int(t.shape[1] * height / t.shape[0]), height))
        for t in tiles
    ]
    return np.hstack(
        [
            np.pad(t, ((0, 0), (0, 6), (0, 0)), constant_values=255)
            for t in scaled
        ]
    )


def build(work_dir, num):
    """Render every model of ``work_dir/demo.json``; returns the report's
    sections (title, metrics line, image paths relative to ``work_dir``)."""
    runs = read_json(osp.join(work_dir, 'demo.json'))
    if not runs:
        raise UsageError(f'{work_dir}/demo.json lists no model')
    sections, rows = [], []
    for run in runs:
        name = run['name']
        out_dir = osp.join(work_dir, 'report', name)
        os.makedirs(out_dir, exist_ok=True)
        curve = osp.join(out_dir, 'loss.png')
        images, error = [], None
        try:
            tiles = PANELS[run['panel']](run, osp.join(out_dir, 'raw'), num)
        except Exception as err:  # noqa: BLE001 (a failed panel is reported)
            tiles, error = [], f'{type(err).__name__}: {err}'
        for k, tile in enumerate(tiles):
            path = osp.join(out_dir, f'{k}.png')
            with atomic_file(path) as tmp:
                cv2.imwrite(tmp, tile)
            images.append(path)
        has_curve = loss_curve(osp.join(ROOT, run['work_dir']), curve)
        metrics = ', '.join(
            f'{m} {run["metrics"][m]:.3f} (trivial {run["trivial"][m]:.3f})'
            if m in run['trivial']
            else f'{m} {run["metrics"][m]:.3f}'
            for m in run['shown']
        )
        sections.append(
            dict(
                title=name,
                metrics=metrics,
                error=error,
                curve=osp.relpath(curve, work_dir) if has_curve else None,
                images=[osp.relpath(p, work_dir) for p in images],
            )
        )
        row = ([cv2.imread(curve)] if has_curve else []) + tiles
        if row:
            rows.append(_label(_row(row), f'{name} | {metrics}'[:160]))
    return sections, rows


def write_html(sections, path):
    parts = [
        '<!doctype html><html><head><meta charset="utf-8">',
        '<title>mmir demo</title><style>body{font-family:sans-serif;'
        'margin:1em 2em}img{height:220px;margin:2px;border:1px solid #ccc}'
        '.err{color:#b00}</style></head><body><h1>mmir demo</h1>',
    ]
    for s in sections:
        parts.append(f'<h2>{html.escape(s["title"])}</h2>')
        parts.append(f'<p>{html.escape(s["metrics"])}</p>')
        if s['error']:
            parts.append(f'<p class="err">{html.escape(s["error"])}</p>')
        for img in ([s['curve']] if s['curve'] else []) + s['images']:
            parts.append(f'<img src="{html.escape(img)}" alt="">')
    parts.append('</body></html>')
    with atomic_file(path) as tmp:
        with open(tmp, 'w') as f:
            f.write('\n'.join(parts))


@cli_main
def main(argv=None):
    args = parse_args(argv)
    if not osp.isfile(osp.join(args.work_dir, 'demo.json')):
        raise UsageError(
            f'{args.work_dir}/demo.json not found; run tools/demo.py first'
        )
    sections, rows = build(args.work_dir, args.num)
    write_html(sections, osp.join(args.work_dir, 'report.html'))
    if rows:
        width = max(r.shape[1] for r in rows)
        montage = np.vstack(
            [
                np.pad(
                    r,
                    ((0, 8), (0, width - r.shape[1]), (0, 0)),
                    constant_values=255,
                )
                for r in rows
            ]
        )
        with atomic_file(osp.join(args.work_dir, 'report.png')) as tmp:
            cv2.imwrite(tmp, montage)
    for s in sections:
        if s['error']:
            print(f'{s["title"]}: no predictions shown: {s["error"]}')
    print(f'wrote {args.work_dir}/report.html and report.png')
    return 0


if __name__ == '__main__':
    sys.exit(main())
