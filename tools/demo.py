"""The main job: for mmdet, mmseg and mmpretrain, train tiny configs (the
stack's and each method's) on their synthetic data, evaluate each saved
checkpoint with tools/test.py and print a table of the headline metrics
beside a trivial predictor's.

    python tools/demo.py [--data-root data/synthetic] \
        [--work-dir work_dirs/demo] [--only mmdet ...] [--verbose]

Quiet by default: one progress bar per stage (training and testing, with
ETA), the full logs in ``<work-dir>/<config>/{train,test}.log``; a failed
stage prints the end of its log. ``--verbose`` shows every log line.
The trivial predictors: always positive (binary F1), always the more
frequent class per pixel (landslide IoU, mIoU), no detections (mAP, the
dim-target F1).
"""

import argparse
import os
import os.path as osp
import re
import subprocess
import sys
import time

from mmir.experiments.runs import read_test_metrics

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
# (toolbox, config, synthetic dataset it reads)
DEMOS = [
    (
        'mmdet',
        'configs/synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py',
        'ir_instance',
    ),
    (
        'mmdet',
        'configs/bnsa_mask_rcnn/mask-rcnn_r18-bnsa-fpn_focal-siou_'
        'bce-dice-lovasz_1xb2-20i_synth-ir-instance.py',
        'ir_instance',
    ),
    (
        'mmdet',
        'configs/dim_target/dim-target_darknet19_chip64_1xb4-20i_synth-ir-'
        'sequence.py',
        'ir_sequence',
    ),
    (
        'mmseg',
        'configs/synthetic/fcn_r18-d8_1xb2-20i_synth-landslide.py',
        'landslide_seg',
    ),
    (
        'mmseg',
        'configs/mrife/mrife_r18-d8-aspp-se_1xb2-20i_synth-landslide.py',
        'landslide_seg',
    ),
    (
        'mmpretrain',
        'configs/synthetic/resnet18-gap_1xb4-20i_synth-landmine.py',
        'landmine',
    ),
    (
        'mmpretrain',
        'configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py',
        'landmine',
    ),
    (
        'mmpretrain',
        'configs/effnetv2_svm/effnetv2-b0-svm_c0.1_1xb8-20i_synth-multiband.py',
        'multiband',
    ),
]


HEADLINE = (
    'coco/segm_mAP_50',
    'coco/bbox_mAP_50',
    'dim/f1',
    'lIoU',
    'mIoU',
    'binary/f1',
    'accuracy/top1',
)
PROGRESS = re.compile(r'Iter\((train|test)\)\s*\[\s*(\d+)/(\d+)\]')


def _last_progress(path):
    try:
        with open(path, 'rb') as f:
            f.seek(max(0, os.path.getsize(path) - 8192))
            text = f.read().decode(errors='replace')
    except OSError:
        return None
    found = PROGRESS.findall(text)
    return (int(found[-1][1]), int(found[-1][2])) if found else None


def run(cmd, log_path, desc, verbose):
    """Run a stage; quiet: its output to ``log_path`` and a progress bar
    fed by the iterations it logs."""
    if verbose:
        print('+', ' '.join(cmd), flush=True)
        subprocess.run(cmd, check=True, cwd=ROOT)
        return
    from tqdm import tqdm

    os.makedirs(osp.dirname(log_path), exist_ok=True)
    with open(log_path, 'w') as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        # a bar on a terminal; in a log only the stage's result line
        with tqdm(
            desc=desc,
            unit='iter',
            leave=False,
            mininterval=2.0,
            disable=not sys.stderr.isatty(),
        ) as bar:
            while proc.poll() is None:
                time.sleep(0.5)
                done = _last_progress(log_path)
                if done:
                    bar.total = done[1]
                    bar.n = done[0]
                    bar.refresh()
    if proc.returncode:
        with open(log_path, errors='replace') as f:
            tail = f.read().splitlines()[-30:]
        print('\n'.join(tail), file=sys.stderr)
        print(
            f'error: {desc} failed (exit {proc.returncode}); full log: '
            f'{log_path}',
            file=sys.stderr,
        )
        raise SystemExit(1)


def positive_pixel_share(config, data_root):
    """Share of landslide (label 1) pixels in the config's test masks."""
    import cv2
    from mmengine.registry import DefaultScope
    from mmseg.registry import DATASETS

    import mmir.seg  # noqa: F401
    from mmir.utils.config_check import load_config, override_data_root

    cfg = load_config(osp.join(ROOT, config))
    override_data_root(cfg, data_root)
    with DefaultScope.overwrite_default_scope('mmseg'):
        dataset = DATASETS.build(cfg.test_dataloader.dataset)
    pos = total = 0
    for k in range(len(dataset)):
        mask = cv2.imread(
            dataset.get_data_info(k)['seg_map_path'], cv2.IMREAD_UNCHANGED
        )
        valid = mask != 255
        pos += int(((mask == 1) & valid).sum())
        total += int(valid.sum())
    return pos / max(total, 1)


def trivial(metrics, config, data_root):
    """Each headline metric's value for a trivial predictor."""
    out = {}
    if 'binary/f1' in metrics:  # always positive
        p = metrics['binary/tp'] + metrics['binary/fn']
        n = metrics['binary/fp'] + metrics['binary/tn']
        out['binary/f1'] = 2 * p / (2 * p + n) if p + n else 0.0
        if 'accuracy/top1' in metrics:  # always the more frequent class
            out['accuracy/top1'] = 100 * max(p, n) / max(p + n, 1)
    if 'lIoU' in metrics or 'mIoU' in metrics:
        share = positive_pixel_share(config, data_root)
        out['lIoU'] = round(100 * share, 2)  # landslide everywhere
        # the more frequent class everywhere: its IoU is its share
        out['mIoU'] = round(100 * max(share, 1 - share) / 2, 2)
    for key in ('coco/segm_mAP_50', 'coco/bbox_mAP_50', 'dim/f1'):
        if key in metrics:  # no detections
            out[key] = 0.0
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data-root', default='data/synthetic')
    parser.add_argument('--work-dir', default='work_dirs/demo')
    parser.add_argument(
        '--only',
        nargs='+',
        choices=sorted({d[0] for d in DEMOS}),
        help='run only these toolboxes',
    )
    parser.add_argument('--verbose', action='store_true')
    args = parser.parse_args(argv)
    demos = [d for d in DEMOS if not args.only or d[0] in args.only]
    rows, start_all = [], time.time()
    for k, (scope, config, dataset) in enumerate(demos, 1):
        name = osp.splitext(osp.basename(config))[0]
        work_dir = osp.join(args.work_dir, name)
        data_root = osp.join(args.data_root, dataset) + '/'
        data = ['--data-root', data_root]
        start = time.time()
        tag = f'[{k}/{len(demos)}] {name}'
        run(
            [
                sys.executable,
                'tools/train.py',
                config,
                '--work-dir',
                work_dir,
                *data,
            ],
            osp.join(ROOT, work_dir, 'train.log'),
            f'{tag}: train',
            args.verbose,
        )
        train_secs = time.time() - start
        with open(osp.join(ROOT, work_dir, 'last_checkpoint')) as f:
            ckpt = f.read().strip()
        test_dir = osp.join(work_dir, 'test')
        run(
            [
                sys.executable,
                'tools/test.py',
                config,
                ckpt,
                '--work-dir',
                test_dir,
                *data,
            ],
            osp.join(ROOT, work_dir, 'test.log'),
            f'{tag}: test',
            args.verbose,
        )
        metrics = read_test_metrics(osp.join(ROOT, test_dir))
        if metrics is None:
            raise RuntimeError(
                f'tools/test.py wrote no metrics under {test_dir}'
            )
        base = trivial(metrics, config, data_root)
        shown = [m for m in HEADLINE if m in metrics]
        secs = time.time() - start
        summary = ', '.join(
            f'{m} {metrics[m]:.3f} (trivial {base[m]:.3f})'
            if m in base
            else f'{m} {metrics[m]:.3f}'
            for m in shown
        )
        print(
            f'{tag}: train {train_secs:.0f} s, test '
            f'{secs - train_secs:.0f} s; {summary}',
            flush=True,
        )
        rows.append((scope, name, secs, metrics, base, shown))
    print(
        f'\n==== mmir demo ({time.time() - start_all:.0f} s): headline '
        'metrics of each saved checkpoint (tools/test.py) and of a trivial '
        'predictor'
    )
    print(f'{"model":58s} {"metric":18s} {"value":>8s} {"trivial":>8s}')
    for scope, name, secs, metrics, base, shown in rows:
        for m in shown:
            trivial_value = f'{base[m]:8.3f}' if m in base else f'{"":8s}'
            print(f'{name[:58]:58s} {m:18s} {metrics[m]:8.3f} {trivial_value}')
    print(f'\nlogs, checkpoints and all metrics: {args.work_dir}/<model>/')
    return 0


if __name__ == '__main__':
    sys.exit(main())
