"""Benchmark MRIFE against mmseg's DeepLabV3+ on the same batch.

    python tools/analysis_tools/benchmark_mrife.py [--depth 101]
        [--size 512] [--batch 4] [--repeats 3] [--device cpu]

In one run, on the same inputs (B x 3 x S x S, masks with a landslide blob
in every other image): train-step time (forward + backward + SGD step; for
MRIFE also the TeacherEMAHook update) and inference time (``predict``
under ``no_grad``) of
configs/mrife/mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py vs
configs/mrife/deeplabv3plus_r101-d8_1xb4-100e_synth-landslide.py with
ResNet-``depth`` backbones, timed call by call in the order DeepLabV3+,
MRIFE, MRIFE, DeepLabV3+, ... (the ratio is the median of the per-round
ratios), parameter counts, and the teacher forward with autograd off (as
MRIFE runs it) vs on, interleaved the same way. MRIFE runs three
encoders in training (E_seg, E_s, E_t) and two at test time (E_seg, E_t).
"""

import argparse

import numpy as np
import torch
from mmengine.config import Config
from mmengine.model import revert_sync_batchnorm
from mmengine.registry import init_default_scope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import mmir.seg  # noqa: F401
from mmir.seg.engine.hooks import TeacherEMAHook
from mmir.utils.benchmark import interleaved_ratio

CONFIGS = dict(
    mrife='configs/mrife/mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py',
    deeplabv3plus='configs/mrife/deeplabv3plus_r101-d8_1xb4-100e_synth-'
    'landslide.py',
)
# Stage channels of ResNet-18/34 (basic blocks) vs 50/101 (bottlenecks).
STAGE_CHANNELS = {
    18: (64, 256, 512),
    34: (64, 256, 512),
    50: (256, 1024, 2048),
    101: (256, 1024, 2048),
}


def build(name, depth, device):
    cfg = Config.fromfile(CONFIGS[name])
    c1, c3, c4 = STAGE_CHANNELS[depth]
    if name == 'mrife':
        cfg.model.encoder.backbone.depth = depth
        cfg.model.encoder.neck.in_channels = c4
    else:
        cfg.model.backbone.depth = depth
        cfg.model.decode_head.in_channels = c4
        cfg.model.decode_head.c1_in_channels = c1
        cfg.model.auxiliary_head.in_channels = c3
    # PyTorch's default initialisation: init_weights would only change the
    # values, not the cost, and logs every parameter.
    return revert_sync_batchnorm(MODELS.build(cfg.model)).to(device)


def batch(size, n, device):
    yy, xx = np.mgrid[:size, :size]
    samples = []
    for i in range(n):
        gt = np.zeros((size, size), np.int64)
        if i % 2 == 0:
            gt[
                (yy - size / 2) ** 2 + (xx - size / 2 - 7 * i) ** 2
                < (size / 5) ** 2
            ] = 1
        s = SegDataSample(
            gt_sem_seg=PixelData(data=torch.from_numpy(gt)[None].to(device))
        )
        s.set_metainfo(
            dict(
                img_shape=(size, size),
                ori_shape=(size, size),
                pad_shape=(size, size),
            )
        )
        samples.append(s)
    return torch.randn(n, 3, size, size, device=device), samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--depth', type=int, default=101, choices=sorted(STAGE_CHANNELS)
    )
    parser.add_argument('--size', type=int, default=512)
    parser.add_argument('--batch', type=int, default=4)
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument(
        '--device', default='cuda' if torch.cuda.is_available() else 'cpu'
    )
    args = parser.parse_args()
    init_default_scope('mmseg')
    torch.manual_seed(0)
    dev = args.device
    x, samples = batch(args.size, args.batch, dev)
    res, steps, infers = {}, {}, {}
    for name in ('mrife', 'deeplabv3plus'):
        model = build(name, args.depth, dev)
        optim = torch.optim.SGD(
            model.parameters(), lr=0.007, momentum=0.9, weight_decay=5e-4
        )
        ema = TeacherEMAHook() if name == 'mrife' else None

        def step(model=model, optim=optim, ema=ema):
            model.train()
            optim.zero_grad()
            losses = model(x, samples, mode='loss')
            sum(v for k, v in losses.items() if 'loss' in k).backward()
            optim.step()
            if ema is not None:
                ema.update(model)

        def infer(model=model):
            model.eval()
            with torch.no_grad():
                model(x, samples, mode='predict')

        steps[name], infers[name] = step, infer
        res[name] = dict(
            params=sum(p.numel() for p in model.parameters()),
            trainable=sum(
                p.numel() for p in model.parameters() if p.requires_grad
            ),
        )
        if name == 'mrife':
            mrife = model
    for key, fns in (('train', steps), ('infer', infers)):
        t_d, t_m, ratio = interleaved_ratio(
            fns['deeplabv3plus'], fns['mrife'], args.repeats
        )
        res['deeplabv3plus'][key], res['mrife'][key] = t_d, t_m
        res[f'{key}_ratio'] = ratio

    def teacher(grad):
        mrife.train()
        with torch.set_grad_enabled(grad):
            mrife.teacher.requires_grad_(grad)
            out = mrife.teacher(x)
            if grad:
                out.sum().backward()
        mrife.teacher.requires_grad_(False)
        mrife.teacher.zero_grad(set_to_none=True)

    res['teacher_nograd'], res['teacher_grad'], _ = interleaved_ratio(
        lambda: teacher(False), lambda: teacher(True), args.repeats
    )
    m, d = res['mrife'], res['deeplabv3plus']
    print(
        f'device {dev}, ResNet-{args.depth}-D8, batch {args.batch} x 3 x '
        f'{args.size} x {args.size}, {args.repeats} rounds DeepLabV3+, '
        'MRIFE, MRIFE, DeepLabV3+, ...; ratio: median of the rounds'
    )
    print(f'{"":34s} {"MRIFE":>10s} {"DeepLabV3+":>11s} {"ratio":>7s}')
    for key, label in (
        ('train', 'train step (s)'),
        ('infer', 'inference (s)'),
    ):
        print(
            f'{label:34s} {m[key]:10.3f} {d[key]:11.3f} '
            f'{res[f"{key}_ratio"]:7.2f}'
        )
    for key, label in (
        ('params', 'parameters (M)'),
        ('trainable', 'trainable parameters (M)'),
    ):
        print(
            f'{label:34s} {m[key] / 1e6:10.2f} {d[key] / 1e6:11.2f} '
            f'{m[key] / d[key]:7.2f}'
        )
    print(
        f'teacher forward: no_grad {res["teacher_nograd"]:.3f} s vs with '
        f'autograd (forward + backward) {res["teacher_grad"]:.3f} s'
    )


if __name__ == '__main__':
    main()
