"""The main job: train each method's demo model on its synthetic data,
evaluate the saved checkpoint with tools/test.py, print a table of the
headline metrics beside a trivial predictor's and write a visual report.

    python tools/demo.py [--work-dir work_dirs/demo] [--only mmdet ...]
        [--demo-data data/demo] [--quick --data-root data/synthetic]
        [--max-iters N] [--no-report] [--verbose]

The demo models (``configs/demo/``) train a few hundred iterations on
demo-sized synthetic sets that this tool generates under ``--demo-data``
(deterministic; about 17 minutes in all on 2 CPU cores). ``--quick`` runs
each method's 20-iteration smoke config on the default synthetic sets
(``make data``) instead: it checks that everything runs, its metrics are
near zero. ``--max-iters N`` stops each training after N iterations
(validation and the checkpoint at N, the loss logged at every iteration):
a check that the whole pipeline, the report included, runs.

Quiet by default: one progress bar per stage (training and testing, with
ETA), the full logs in ``<work-dir>/<config>/{train,test}.log``; a failed
stage prints the end of its log. ``--verbose`` shows every log line.
The trivial predictors: always positive (binary F1), always the more
frequent class per pixel (landslide IoU, mIoU), no detections (mAP, the
dim-target F1). The report (``<work-dir>/report.html`` and
``report.png``, tools/analysis_tools/demo_report.py) shows each model's
predictions on a few test inputs and its training loss.
"""

import argparse
import os
import os.path as osp
import re
import subprocess
import sys
import time
from typing import NamedTuple

from mmir.experiments.runs import read_test_metrics
from mmir.utils.fileio import write_json_atomic

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


class Demo(NamedTuple):
    scope: str  # the toolbox
    config: str  # the demo model
    quick: str  # its 20-iteration smoke config (--quick)
    data: str  # the synthetic dataset it reads
    settings: dict  # the generator's settings for the demo-sized set
    panel: str  # what tools/analysis_tools/demo_report.py draws


DEMOS = [
    Demo(
        'mmdet',
        'configs/demo/mask-rcnn_r18-bnsa-fpn_focal-siou_bce-dice-lovasz_'
        '1xb2-300i_demo-ir-instance.py',
        'configs/bnsa_mask_rcnn/mask-rcnn_r18-bnsa-fpn_focal-siou_'
        'bce-dice-lovasz_1xb2-20i_synth-ir-instance.py',
        'ir_instance',
        dict(num_train=80, num_val=20, size=(320, 256)),
        'instances',
    ),
    Demo(
        'mmdet',
        'configs/demo/dim-target_darknet19_chip80_1xb8-500i_demo-ir-'
        'sequence.py',
        'configs/dim_target/dim-target_darknet19_chip64_1xb4-20i_synth-ir-'
        'sequence.py',
        'ir_sequence',
        dict(num_train=40, num_val=16, num_pool=1, size=(320, 256)),
        'sequence',
    ),
    Demo(
        'mmseg',
        'configs/demo/mrife_r18-d8-aspp-se_1xb4-300i_demo-landslide.py',
        'configs/mrife/mrife_r18-d8-aspp-se_1xb2-20i_synth-landslide.py',
        'landslide_seg',
        dict(num_images=100, size=(256, 256)),
        'landslides',
    ),
    Demo(
        'mmpretrain',
        'configs/demo/resnet18-abmil_1xb8-700i_demo-landmine.py',
        'configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py',
        'landmine',
        dict(num_images=400, negative_ratio=0.5, size=(168, 128)),
        'abmil',
    ),
    Demo(
        'mmpretrain',
        'configs/demo/effnetv2-b0-svm_c0.1_1xb36-200i_demo-multiband.py',
        'configs/effnetv2_svm/effnetv2-b0-svm_c0.1_1xb8-20i_synth-'
        'multiband.py',
        'multiband',
        dict(num_images=500),
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


def prepare_data(demo, root):
    """Generate the demo-sized set of ``demo`` under ``root`` (kept when it
    exists with the same settings); returns its data root."""
    from mmir.datasets.synthetic import generate

    path = generate(demo.data, osp.join(root, demo.data), **demo.settings)
    if demo.data == 'landmine':  # the ABMIL configs read its lists
        subprocess.run(
            [sys.executable, 'tools/dataset_converters/legbreaker.py', path],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    return path + '/'


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--demo-data',
        default='data/demo',
        help='where the demo-sized synthetic sets are generated',
    )
    parser.add_argument(
        '--quick',
        action='store_true',
        help="each method's 20-iteration smoke config on --data-root",
    )
    parser.add_argument(
        '--data-root',
        default='data/synthetic',
        help='the default synthetic sets (make data), read by --quick',
    )
    parser.add_argument('--work-dir', default='work_dirs/demo')
    parser.add_argument(
        '--max-iters',
        type=int,
        help='train each model only this many iterations (validated and '
        'saved at the last one)',
    )
    parser.add_argument(
        '--only',
        nargs='+',
        choices=sorted({d.scope for d in DEMOS}),
        help='run only these toolboxes',
    )
    parser.add_argument(
        '--no-report', action='store_true', help='skip the visual report'
    )
    parser.add_argument('--verbose', action='store_true')
    args = parser.parse_args(argv)
    if args.max_iters is not None and args.max_iters < 1:
        parser.error(f'--max-iters must be >= 1, got {args.max_iters}')
    shorter = (
        []
        if args.max_iters is None
        else [
            '--cfg-options',
            f'train_cfg.max_iters={args.max_iters}',
            f'train_cfg.val_interval={args.max_iters}',
            f'default_hooks.checkpoint.interval={args.max_iters}',
            'default_hooks.logger.interval=1',  # the report's loss curve
        ]
    )
    demos = [d for d in DEMOS if not args.only or d.scope in args.only]
    rows, start_all = [], time.time()
    for k, demo in enumerate(demos, 1):
        config = demo.quick if args.quick else demo.config
        name = osp.splitext(osp.basename(config))[0]
        work_dir = osp.join(args.work_dir, name)
        tag = f'[{k}/{len(demos)}] {name}'
        if args.quick:
            data_root = osp.join(args.data_root, demo.data) + '/'
        else:
            print(f'{tag}: data ({demo.data})', flush=True)
            data_root = prepare_data(demo, osp.join(ROOT, args.demo_data))
        data = ['--data-root', data_root]
        start = time.time()
        run(
            [
                sys.executable,
                'tools/train.py',
                config,
                '--work-dir',
                work_dir,
                *data,
                *shorter,
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
        rows.append(
            dict(
                name=name,
                config=config,
                panel=demo.panel,
                work_dir=work_dir,
                checkpoint=ckpt,
                data_root=data_root,
                metrics=metrics,
                trivial=base,
                shown=shown,
            )
        )
    print(
        f'\n==== mmir demo ({time.time() - start_all:.0f} s): headline '
        'metrics of each saved checkpoint (tools/test.py) and of a trivial '
        'predictor'
    )
    print(f'{"model":58s} {"metric":18s} {"value":>8s} {"trivial":>8s}')
    for row in rows:
        base = row['trivial']
        for m in row['shown']:
            trivial_value = f'{base[m]:8.3f}' if m in base else f'{"":8s}'
            print(
                f'{row["name"][:58]:58s} {m:18s} {row["metrics"][m]:8.3f} '
                f'{trivial_value}'
            )
    write_json_atomic(rows, osp.join(ROOT, args.work_dir, 'demo.json'))
    print(f'\nlogs, checkpoints and all metrics: {args.work_dir}/<model>/')
    if not args.no_report:
        print(
            'report: predictions on test inputs, training curves', flush=True
        )
        proc = subprocess.run(
            [
                sys.executable,
                'tools/analysis_tools/demo_report.py',
                osp.join(ROOT, args.work_dir),
            ],
            cwd=ROOT,
        )
        if proc.returncode:
            return proc.returncode
    return 0


if __name__ == '__main__':
    sys.exit(main())
