"""Grad-CAM of a segmentation model, per layer (He et al., MRIFE, Figs. 5, 7
and 8: baseline vs MRIFE, and MRIFE's segmentation branch, feature
enhancement branch and fused features).

    python tools/analysis_tools/seg_gradcam.py CONFIG CHECKPOINT
        [--split test] [--num 8] [--layers LABEL=module.path ...]
        [--category 1] [--out-dir DIR] [--data-root DIR]

For each of the first ``--num`` images of ``--split`` (the config's test
pipeline) the Grad-CAM (Selvaraju et al. 2017, the ``grad-cam`` package's
``SemanticSegmentationTarget``) of the summed ``--category`` logit over the
pixels the model predicts as that class (all pixels when it predicts none)
is taken at each layer and written as ``<n>_<label>.png`` overlays, with
``<n>_row.png`` = input | label | one heat map per layer, and
``seg_gradcam.csv`` (image, predicted and labelled pixels of the class).

Default layers: MRIFE ``segmentation=neck.se`` (E_seg), ``enhancement=
teacher.neck.se`` (or the student's, by ``test_branch``) and ``fused=
decode_head.upsample.0`` (the decoder's first layer after the fusion);
mmseg's EncoderDecoder ``encoder=backbone.layer4`` and ``decoder=
decode_head.<its last layer before cls_seg>``. A layer must output one
tensor.
"""

import argparse
import csv
import os
import os.path as osp
import sys

import cv2
import numpy as np
import torch

from mmir.utils.cam import cam_overlay
from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--split', default='test')
    parser.add_argument('--num', type=int, default=8)
    parser.add_argument(
        '--layers',
        nargs='+',
        help='LABEL=module.path (default: per model type)',
    )
    parser.add_argument('--category', type=int, default=1)
    parser.add_argument('--out-dir', default='work_dirs/seg_gradcam')
    parser.add_argument('--data-root')
    parser.add_argument('--device', default='cpu')
    return parser.parse_args(argv)


def default_layers(model):
    if type(model).__name__ == 'MRIFE':
        branch = 'teacher' if model.test_branch == 'teacher' else 'student'
        return {
            'segmentation': 'neck.se',
            'enhancement': f'{branch}.neck.se',
            'fused': 'fuse_conv'
            if model.fusion == 'concat'
            else 'decode_head.upsample.0',
        }
    head = model.decode_head
    for name in ('sep_bottleneck', 'bottleneck', 'convs', 'fusion_conv'):
        if hasattr(head, name):
            return {
                'encoder': 'backbone.layer4',
                'decoder': f'decode_head.{name}',
            }
    return {'encoder': 'backbone.layer4'}


class SegLogits(torch.nn.Module):
    """``inputs -> (B, C, H, W)`` logits at the input size, for grad-cam.
    The input requires grad, so frozen parts (MRIFE's EMA teacher, run
    under ``no_grad`` at test time) pass gradients to their layers too."""

    def __init__(self, model, metas):
        super().__init__()
        self.model, self.metas = model, metas

    def forward(self, x):
        model = self.model
        x = x.detach().requires_grad_()
        if type(model).__name__ != 'MRIFE':
            return model.encode_decode(x, self.metas)
        branch = (
            model.teacher if model.test_branch == 'teacher' else model.student
        )
        feats = model._fuse(model._seg_feat(x), branch(x))
        return model.decode_head.predict(feats, self.metas, model.test_cfg)


def main(argv=None):
    args = parse_args(argv)
    from mmengine.dataset import pseudo_collate
    from pytorch_grad_cam import GradCAM
    from pytorch_grad_cam.utils.model_targets import SemanticSegmentationTarget

    from mmir.utils.model_loading import load_model_and_dataloader

    try:
        model, loader, _ = load_model_and_dataloader(
            args.config,
            args.checkpoint,
            args.split,
            None,
            args.data_root,
            args.device,
            default_scope='mmseg',
        )
    except ValueError as err:
        raise UsageError(str(err)) from None
    layers = default_layers(model)
    if args.layers:
        layers = {}
        for spec in args.layers:
            label, _, name = spec.partition('=')
            if not name:
                raise UsageError(f'--layers {spec!r}: expected LABEL=module')
            layers[label] = name
    modules = {}
    for label, name in layers.items():
        try:
            modules[label] = model.get_submodule(name)
        except AttributeError:
            raise UsageError(
                f'{type(model).__name__} has no module {name!r} '
                f'(layer {label})'
            ) from None
    os.makedirs(args.out_dir, exist_ok=True)
    dataset = loader.dataset
    rows = []
    for n in range(min(args.num, len(dataset))):
        data = model.data_preprocessor(pseudo_collate([dataset[n]]), False)
        x = data['inputs'].to(args.device).float()
        sample = data['data_samples'][0]
        wrapped = SegLogits(model, [sample.metainfo])
        with torch.no_grad():
            logits = wrapped(x)[0]
        category = args.category if logits.shape[0] > 1 else 0
        pred = (
            (logits.argmax(0) == args.category)
            if logits.shape[0] > 1
            else logits[0] > 0
        )
        mask = (pred if pred.any() else torch.ones_like(pred)).float().cpu()
        mask = mask.numpy()
        targets = [SemanticSegmentationTarget(category, mask)]
        image = sample.metainfo.get('img_path')
        raw = cv2.imread(image) if image else None
        if raw is None:
            raise UsageError(f'cannot read {image}')
        raw = cv2.resize(raw, (x.shape[-1], x.shape[-2]))
        gt = (
            sample.gt_sem_seg.data[0].cpu().numpy()
            if 'gt_sem_seg' in sample
            else None
        )
        panels = [raw]
        if gt is not None:
            label_img = raw.copy()
            label_img[
                cv2.resize(
                    (gt == args.category).astype(np.uint8), raw.shape[1::-1]
                )
                > 0
            ] = (0, 0, 255)
            panels.append(cv2.addWeighted(raw, 0.5, label_img, 0.5, 0))
        for label, module in modules.items():
            with GradCAM(wrapped, [module]) as cam:
                heat = cam(x, targets=targets)[0]
            out = cam_overlay(raw, heat)
            cv2.imwrite(osp.join(args.out_dir, f'{n}_{label}.png'), out)
            panels.append(out)
        cv2.imwrite(
            osp.join(args.out_dir, f'{n}_row.png'),
            np.concatenate(panels, axis=1),
        )
        rows.append(
            dict(
                image=image,
                predicted_pixels=int(pred.sum()),
                label_pixels=''
                if gt is None
                else int((gt == args.category).sum()),
            )
        )
    with open(osp.join(args.out_dir, 'seg_gradcam.csv'), 'w', newline='') as f:
        writer = csv.DictWriter(
            f, ('image', 'predicted_pixels', 'label_pixels')
        )
        writer.writeheader()
        writer.writerows(rows)
    print(
        f'{len(rows)} images x {len(modules)} layers '
        f'({", ".join(f"{k}={v}" for k, v in layers.items())}) -> '
        f'{args.out_dir}'
    )


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
