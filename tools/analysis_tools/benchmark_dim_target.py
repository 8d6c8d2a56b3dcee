"""Benchmark the dim-target networks: full-frame speed per backbone, train
time per epoch vs chip size.

    python tools/analysis_tools/benchmark_dim_target.py [--repeats 5]
        [--device cpu] [--epoch-samples 1000] [--batch 16]

In one run, on the same random inputs:

1. Inference on one full 640x512 frame (difference input, 3 channels) of
   the dim-target network with each Table 2 backbone (stride 8 +
   DimTargetHead, decoding and NMS included): frames/s and parameters,
   next to mmdet's stock YOLOv3-MobileNetV2 (its own config, 2 classes,
   same input) as the reference; each backbone is timed against the stock
   model call by call (stock, ours, ours, stock, ...), ratio = median over
   the rounds of ours / stock frames/s.
2. Training (forward + backward + Adam step) of the DarkNet-19 network on
   batches of --batch chips of 16, 32, 64, 80 px and on full 640x512
   frames, with 1-3 targets per image, as seconds per epoch of
   --epoch-samples images (the paper's claim, Table 2: smaller chips
   train faster); each chip size is timed against the full frames step by
   step in the same alternating order, ratio = median over the rounds of
   chip / full-frame time per image.

Data loading is not included (the same full frames are read for every
chip size).
"""

import argparse
import os.path as osp

import mmdet
import torch
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.registry import init_default_scope

import mmir.det  # noqa: F401
from mmir.utils.benchmark import interleaved_ratio

BASE = (
    'configs/dim_target/dim-target_darknet19_chip80_1xb16-100e_'
    'synth-ir-sequence.py'
)
BACKBONES = 'configs/dim_target/_base_/backbones_stride8.py'
STOCK = osp.join(
    osp.dirname(mmdet.__file__),
    '.mim',
    'configs',
    'yolo',
    'yolov3_mobilenetv2_8xb24-320-300e_coco.py',
)
NAMES = [
    'darknet19',
    'resnet18',
    'googlenet',
    'squeezenet',
    'mobilenet',
    'efficientnet',
]


def _model(name, device):
    cfg = Config.fromfile(BASE)
    bb = Config.fromfile(BACKBONES)
    backbone = dict(bb[name])
    backbone.pop('_delete_', None)
    cfg.model.backbone = backbone
    cfg.model.bbox_head.in_channels = bb[f'{name}_channels']
    return MODELS.build(cfg.model).to(device).eval()


def _stock(device):
    cfg = Config.fromfile(STOCK)
    cfg.model.bbox_head.num_classes = 2
    cfg.model.data_preprocessor.update(mean=None, std=None, bgr_to_rgb=False)
    return MODELS.build(cfg.model).to(device).eval()


def _inputs(h, w, n, device, with_boxes=False):
    from mmdet.structures import DetDataSample
    from mmengine.structures import InstanceData

    g = torch.Generator().manual_seed(0)
    samples = []
    for _ in range(n):
        s = DetDataSample(
            metainfo=dict(
                img_shape=(h, w),
                ori_shape=(h, w),
                pad_shape=(h, w),
                batch_input_shape=(h, w),
                scale_factor=(1.0, 1.0),
            )
        )
        if with_boxes:
            k = int(torch.randint(1, 4, (1,), generator=g))
            c = (
                torch.rand(k, 2, generator=g) * torch.tensor([w - 6, h - 6])
                + 3
            )
            s.gt_instances = InstanceData(
                bboxes=torch.cat([c - 1.5, c + 1.5], 1).to(device),
                labels=torch.randint(0, 2, (k,), generator=g).to(device),
            )
        samples.append(s)
    inputs = torch.randn(n, 3, h, w, generator=g).to(device)
    return inputs, samples


def _predict(model, device):
    inputs, samples = _inputs(512, 640, 1, device)

    @torch.no_grad()
    def run():
        model.predict(inputs, samples)

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument(
        '--device', default='cuda' if torch.cuda.is_available() else 'cpu'
    )
    parser.add_argument('--epoch-samples', type=int, default=1000)
    parser.add_argument('--batch', type=int, default=16)
    parser.add_argument(
        '--full-batch',
        type=int,
        default=2,
        help='batch of full frames (memory)',
    )
    args = parser.parse_args()
    init_default_scope('mmdet')
    torch.manual_seed(0)
    dev = args.device
    print(f'1. full-frame inference, 640x512, batch 1, {dev}')
    stock = _stock(dev)
    stock_run = _predict(stock, dev)
    print(
        f'{"model":34s} {"params (M)":>10s} {"frames/s":>9s} '
        f'{"stock f/s":>9s} {"ratio":>7s}'
    )
    print(
        f'{"mmdet YOLOv3-MobileNetV2 (stock)":34s} '
        f'{sum(p.numel() for p in stock.parameters()) / 1e6:10.2f}'
    )
    for name in NAMES:
        model = _model(name, dev)
        t_stock, t_ours, ratio = interleaved_ratio(
            stock_run, _predict(model, dev), args.repeats
        )
        params = sum(p.numel() for p in model.parameters()) / 1e6
        print(
            f'{"dim-target " + name:34s} {params:10.2f} {1 / t_ours:9.2f} '
            f'{1 / t_stock:9.2f} {1 / ratio:7.2f}'
        )
    print(
        f'\n2. DarkNet-19 training, seconds per epoch of '
        f'{args.epoch_samples} images, {dev}'
    )

    def train_step(h, w):
        model = _model('darknet19', dev).train()
        optim = torch.optim.Adam(model.parameters(), lr=1e-4)
        batch = args.full_batch if (h, w) == (512, 640) else args.batch
        inputs, samples = _inputs(h, w, batch, dev, with_boxes=True)

        def step():
            optim.zero_grad()
            losses = model.loss(inputs, samples)
            sum(losses.values()).backward()
            optim.step()

        return step, batch

    full_step, full_batch = train_step(512, 640)
    print(
        f'{"input":12s} {"s / epoch":>10s} {"full frames":>12s} '
        f'{"ratio to full":>14s}'
    )
    for h, w in [(16, 16), (32, 32), (64, 64), (80, 80)]:
        step, batch = train_step(h, w)
        t_full, t_chip, ratio = interleaved_ratio(
            full_step, step, args.repeats
        )
        per_epoch = args.epoch_samples / batch * t_chip
        full = args.epoch_samples / full_batch * t_full
        print(
            f'{f"{w}x{h}":12s} {per_epoch:10.2f} {full:12.2f} '
            f'{ratio * full_batch / batch:14.4f}'
        )


if __name__ == '__main__':
    main()
