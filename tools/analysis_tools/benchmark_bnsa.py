"""Benchmark BNSA Mask R-CNN against stock mmdet Mask R-CNN R50-FPN.

    python tools/analysis_tools/benchmark_bnsa.py [--repeats 5] [--device cpu]

On the same inputs, in one run: parameter counts (the paper: 53.865 M vs
44.343 M), train-step (forward + backward) and inference time of the final
model vs stock Mask R-CNN, and forward + backward time of FocalIoULoss(SIoU)
vs mmdet's SIoULoss and of MaskBCEDiceLovaszLoss vs mmdet's mask BCE.
Each pair is timed call by call in the order stock, ours, ours, stock, ...;
prints the two median times and the median of the per-round ratios
ours / stock.
"""

import argparse
import os.path as osp

import mmdet
import torch
from mmdet.registry import MODELS
from mmdet.testing import demo_mm_inputs
from mmengine.config import Config
from mmengine.registry import init_default_scope

import mmir.det  # noqa: F401
from mmir.utils.benchmark import interleaved_ratio

FINAL = (
    'configs/bnsa_mask_rcnn/mask-rcnn_r50-bnsa-fpn_focal-siou_'
    'bce-dice-lovasz_1xb2-100e_synth-ir-instance.py'
)
# mmdet's own config file, as installed with the package.
STOCK = osp.join(
    osp.dirname(mmdet.__file__),
    '.mim',
    'configs',
    'mask_rcnn',
    'mask-rcnn_r50_fpn_1x_coco.py',
)


def _model(path, num_classes, device):
    cfg = Config.fromfile(path)
    cfg.model.backbone.init_cfg = None
    cfg.model.roi_head.bbox_head.num_classes = num_classes
    cfg.model.roi_head.mask_head.num_classes = num_classes
    return MODELS.build(cfg.model).to(device)


def _params(model):
    return sum(p.numel() for p in model.parameters())


def _row(name, ours, stock, unit, ratio=None):
    ratio = ours / stock if ratio is None else ratio
    print(f'{name:42s} {ours:12.4f} {stock:12.4f} {ratio:8.3f}  {unit}')


def _timed(name, ours, stock, rounds, scale=1.0, unit='s'):
    """One row from ``rounds`` interleaved calls of ``ours`` and ``stock``."""
    t_stock, t_ours, ratio = interleaved_ratio(stock, ours, rounds)
    _row(name, scale * t_ours, scale * t_stock, unit, ratio)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument(
        '--device', default='cuda' if torch.cuda.is_available() else 'cpu'
    )
    parser.add_argument('--batch', type=int, default=2)
    parser.add_argument(
        '--size',
        type=int,
        nargs=2,
        default=(640, 512),
        metavar=('W', 'H'),
        help='input frame size (default: the 640x512 sensor)',
    )
    args = parser.parse_args()
    width, height = args.size
    init_default_scope('mmdet')
    torch.manual_seed(0)
    dev = args.device
    ours, stock = _model(FINAL, 4, dev), _model(STOCK, 4, dev)
    stock80 = _params(_model(STOCK, 80, 'cpu'))
    packed = demo_mm_inputs(
        args.batch,
        [[3, height, width]] * args.batch,
        num_items=[4] * args.batch,
        num_classes=4,
        with_mask=True,
    )

    def train_step(model):
        def run():
            data = model.data_preprocessor(packed, True)
            losses = model.loss(data['inputs'], data['data_samples'])
            total = sum(
                v
                for k, v in losses.items()
                if 'loss' in k
                for v in (v if isinstance(v, list) else [v])
            )
            model.zero_grad()
            total.backward()

        return run

    def predict(model):
        def run():
            with torch.no_grad():
                data = model.data_preprocessor(packed, False)
                model.predict(data['inputs'][:1], data['data_samples'][:1])

        return run

    print(
        f'device {dev}, batch {args.batch} x {width}x{height}, '
        f'{args.repeats} rounds '
        'stock, ours, ours, stock, ...; ratio: median of the rounds'
    )
    print(f'{"":42s} {"ours":>12s} {"stock":>12s} {"ratio":>8s}')
    _row(
        'parameters (M), 4 classes',
        _params(ours) / 1e6,
        _params(stock) / 1e6,
        'M',
    )
    print(
        f'{"   stock with 80 COCO classes":42s} {"":12s} '
        f'{stock80 / 1e6:12.4f}           (paper: 53.865 vs 44.343)'
    )
    for model in (ours, stock):
        model.train()
    _timed(
        'train step fwd+bwd (s)',
        train_step(ours),
        train_step(stock),
        args.repeats,
    )
    for model in (ours, stock):
        model.eval()
    _timed(
        'inference, 1 image (s)', predict(ours), predict(stock), args.repeats
    )

    n = 512
    xy = torch.rand(n, 2, device=dev) * 400
    pred = torch.cat([xy, xy + 8 + torch.rand(n, 2, device=dev) * 100], 1)
    target = pred + torch.randn(n, 4, device=dev) * 6
    focal = MODELS.build(
        dict(type='FocalIoULoss', iou_loss=dict(type='SIoULoss'))
    )
    siou = MODELS.build(dict(type='SIoULoss', neg_gamma=True))

    def box_loss(loss):
        def run():
            p = pred.clone().requires_grad_()
            loss(p, target).backward()

        return run

    _timed(
        f'FocalIoULoss(SIoU) vs SIoULoss, {n} boxes (ms)',
        box_loss(focal),
        box_loss(siou),
        20,
        1e3,
        'ms',
    )
    rois = 256
    logits = torch.randn(rois, 4, 28, 28, device=dev)
    masks = (torch.rand(rois, 28, 28, device=dev) > 0.5).float()
    labels = torch.randint(0, 4, (rois,), device=dev)
    compound = MODELS.build(dict(type='MaskBCEDiceLovaszLoss'))
    bce = MODELS.build(dict(type='CrossEntropyLoss', use_mask=True))

    def mask_loss(loss):
        def run():
            p = logits.clone().requires_grad_()
            loss(p, masks, labels).backward()

        return run

    _timed(
        f'BCE+Dice+Lovasz vs mask BCE, {rois} RoIs (ms)',
        mask_loss(compound),
        mask_loss(bce),
        20,
        1e3,
        'ms',
    )


if __name__ == '__main__':
    main()
