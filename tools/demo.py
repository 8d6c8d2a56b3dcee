"""The main job: for mmdet, mmseg and mmpretrain, train tiny configs (the
stack's and each method's) on their synthetic data, evaluate each saved
checkpoint with tools/test.py and print the metrics.

    python tools/demo.py [--data-root data/synthetic] \
        [--work-dir work_dirs/demo]
"""

import argparse
import os.path as osp
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


def run(cmd):
    print('+', ' '.join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


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
    args = parser.parse_args(argv)
    summary = []
    for scope, config, dataset in DEMOS:
        if args.only and scope not in args.only:
            continue
        name = osp.splitext(osp.basename(config))[0]
        work_dir = osp.join(args.work_dir, name)
        data = ['--data-root', osp.join(args.data_root, dataset) + '/']
        start = time.time()
        run(
            [
                sys.executable,
                'tools/train.py',
                config,
                '--work-dir',
                work_dir,
                *data,
            ]
        )
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
            ]
        )
        metrics = read_test_metrics(osp.join(ROOT, test_dir))
        if metrics is None:
            raise RuntimeError(
                f'tools/test.py wrote no metrics under {test_dir}'
            )
        summary.append((scope, name, time.time() - start, metrics))
    print('\n==== mmir demo: metrics of each saved checkpoint (tools/test.py)')
    for scope, name, secs, metrics in summary:
        print(f'\n[{scope}] {name}  ({secs:.0f} s train + test)')
        for key, value in metrics.items():
            print(f'    {key:32s} {value:.4f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
