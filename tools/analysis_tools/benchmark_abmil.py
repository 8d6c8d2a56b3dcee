"""Benchmark ABMIL pooling against global average pooling, and the
inpainting tool's throughput.

    python tools/analysis_tools/benchmark_abmil.py [--repeats 5]
        [--batch 8] [--device cpu] [--images 64]

In one run, on the same batch (B x 3 x 256 x 336, the native size of the
landmine images): train-step time (forward + backward + AdamW step) of
ResNet-50 + ABMIL + BCE head (configs/_base_/models/abmil_resnet50.py) vs
the same model with mmpretrain's GlobalAveragePooling neck, and the ratio;
then images/s of the OpenCV inpainters (Telea, Navier-Stokes) filling the
annotated boxes of synthetic 336x256 landmine images, through the same code
as tools/dataset_converters/inpaint_boxes.py.
"""

import argparse
import tempfile
import time

import cv2
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

import mmir.cls  # noqa: F401
from mmir.datasets.synthetic import generate
from mmir.inpainting import build_inpainter, inpaint_boxes
from mmir.utils.benchmark import median_time
from mmir.utils.fileio import read_json

ABMIL = 'configs/_base_/models/abmil_resnet50.py'


def _model(neck, device):
    cfg = Config.fromfile(ABMIL)
    cfg.model.backbone.init_cfg = None
    if neck == 'gap':
        cfg.model.neck = dict(type='GlobalAveragePooling')
    return MODELS.build(cfg.model).to(device)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--images', type=int, default=64)
    parser.add_argument(
        '--device', default='cuda' if torch.cuda.is_available() else 'cpu'
    )
    args = parser.parse_args()
    init_default_scope('mmpretrain')
    torch.manual_seed(0)
    dev = args.device
    x = torch.randn(args.batch, 3, 256, 336, device=dev)
    samples = [DataSample().set_gt_label(i % 2) for i in range(args.batch)]
    results = {}
    for neck in ('abmil', 'gap'):
        model = _model(neck, dev).train()
        optim = torch.optim.AdamW(
            model.parameters(), lr=1e-4, weight_decay=0.05
        )

        def step(model=model, optim=optim):
            optim.zero_grad()
            loss = model(x, samples, mode='loss')['loss']
            loss.backward()
            optim.step()

        results[neck] = median_time(step, args.repeats, dev)
        results[f'{neck}_params'] = sum(p.numel() for p in model.parameters())
    print(
        f'device {dev}, batch {args.batch} x 3 x 256 x 336, median of '
        f'{args.repeats}'
    )
    print(f'{"":40s} {"ABMIL":>10s} {"GAP":>10s} {"ratio":>8s}')
    print(
        f'{"ResNet-50 train step (s)":40s} {results["abmil"]:10.4f} '
        f'{results["gap"]:10.4f} {results["abmil"] / results["gap"]:8.3f}'
    )
    pa, pg = results['abmil_params'], results['gap_params']
    print(
        f'{"parameters (M)":40s} {pa / 1e6:10.3f} {pg / 1e6:10.3f} '
        f'{pa / pg:8.3f}'
    )

    with tempfile.TemporaryDirectory() as tmp:
        root = generate('landmine', f'{tmp}/landmine', scale=args.images / 60)
        boxes = read_json(f'{root}/boxes.json')
        images = [
            (cv2.imread(f'{root}/images/{n}', cv2.IMREAD_UNCHANGED), b)
            for n, b in boxes.items()
        ]
        for method in ('telea', 'ns'):
            inpainter = build_inpainter(method)
            start = time.perf_counter()
            for img, bxs in images:
                inpaint_boxes(img, bxs, inpainter)
            secs = time.perf_counter() - start
            print(
                f'inpainting ({method}, {len(images)} images 336x256, '
                f'{sum(len(b) for _, b in images)} boxes): '
                f'{len(images) / secs:.1f} images/s'
            )


if __name__ == '__main__':
    main()
