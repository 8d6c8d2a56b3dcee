"""Benchmark ABMIL pooling against global average pooling, and the
inpainting tool's throughput.

    python tools/analysis_tools/benchmark_abmil.py [--repeats 5]
        [--model resnet50|convnext-base] [--batch 8] [--device cpu]
        [--images 64]

In one run, on the same batch (B x 3 x 256 x 336, the native size of the
landmine images): train-step time (forward + backward + AdamW step) of
the backbone + ABMIL + BCE head (configs/_base_/models/abmil_<model>.py,
from scratch) vs the same model with mmpretrain's GlobalAveragePooling
neck, timed step by step in the order A, B, B, A, ..., and the median of
the per-round ratios; then images/s of the OpenCV inpainters (Telea,
Navier-Stokes) filling the annotated boxes of synthetic 336x256 landmine
images, through the same code as
tools/dataset_converters/inpaint_boxes.py.
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
from mmir.utils.benchmark import interleaved_ratio
from mmir.utils.fileio import read_json

MODELS_CFG = {
    'resnet50': 'configs/_base_/models/abmil_resnet50.py',
    'convnext-base': 'configs/_base_/models/abmil_convnext-base.py',
}


def _model(name, neck, device):
    cfg = Config.fromfile(MODELS_CFG[name])
    cfg.model.backbone.init_cfg = None
    if neck == 'gap':
        cfg.model.neck = dict(type='GlobalAveragePooling')
    return MODELS.build(cfg.model).to(device)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument(
        '--model', default='resnet50', choices=sorted(MODELS_CFG)
    )
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
    steps, params = {}, {}
    for neck in ('abmil', 'gap'):
        model = _model(args.model, neck, dev).train()
        optim = torch.optim.AdamW(
            model.parameters(), lr=1e-4, weight_decay=0.05
        )

        def step(model=model, optim=optim):
            optim.zero_grad()
            loss = model(x, samples, mode='loss')['loss']
            loss.backward()
            optim.step()

        steps[neck] = step
        params[neck] = sum(p.numel() for p in model.parameters())
    t_gap, t_abmil, ratio = interleaved_ratio(
        steps['gap'], steps['abmil'], args.repeats
    )
    print(
        f'device {dev}, {args.model}, batch {args.batch} x 3 x 256 x 336, '
        f'{args.repeats} rounds A, B, B, A, ...'
    )
    print(f'{"":40s} {"ABMIL":>10s} {"GAP":>10s} {"ratio":>8s}')
    print(
        f'{"train step (s), median; median ratio":40s} {t_abmil:10.4f} '
        f'{t_gap:10.4f} {ratio:8.3f}'
    )
    pa, pg = params['abmil'], params['gap']
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
