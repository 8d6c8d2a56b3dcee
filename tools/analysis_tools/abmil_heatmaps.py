"""Grad-CAM and ABMIL attention overlays of a trained binary classifier.

    python tools/analysis_tools/abmil_heatmaps.py CONFIG CHECKPOINT
        (--images IMG|DIR [...] | --ann-file LIST [--data-root DIR])
        [--out-dir DIR] [--method gradcam attention] [--target-layer NAME]
        [--threshold T | --threshold-file threshold.json]
        [--num 16] [--cfg-options k=v ...]

For each image (after the config's test pipeline) writes
``<stem>_gradcam.png`` (Grad-CAM of the positive logit, Selvaraju et al.;
Kim & Kwon, Appl. Sci. 2025, Figs. 8 and 10) and ``<stem>_attention.png``
(the ABMIL weights a_i of eq. 2 on the feature grid, upsampled) as
heat-map overlays, and ``heatmaps.csv`` with each image's positive-class
probability (and, with a threshold, e.g. the one ``abmil_threshold.py``
chose on validation data for a target false-positive rate, the decision
``positive`` = 1 when p >= threshold). A folder given to ``--images``
stands for the images in it.

Grad-CAM comes from the ``grad-cam`` package, called directly
(mmpretrain 1.2's ``vis_cam.py`` passes ``use_cuda=``, which grad-cam 1.5
rejects). The Grad-CAM layer defaults to the backbone's last feature map
(ResNet ``layer4``, ConvNeXt ``stages.3``, PlainCNN ``layers``) or, for
token backbones (ViT, OpenCLIP, ConvViT), its final norm with the tokens
laid back on the patch grid; ``--target-layer`` (a dotted module name)
overrides it.
"""

import argparse
import csv
import os
import os.path as osp
import sys

import cv2
import numpy as np
import torch
from mmengine.config import DictAction

from mmir.datasets.image_files import files_in
from mmir.utils.cam import cam_overlay
from mmir.utils.launch import UsageError, cli_main

DEFAULT_LAYERS = {
    'ResNet': 'backbone.layer4',
    'ResNetV1c': 'backbone.layer4',
    'ResNetV1d': 'backbone.layer4',
    'ConvNeXt': 'backbone.stages.3',
    'PlainCNN': 'backbone.layers',
    'VisionTransformer': 'backbone.ln1',
    'OpenCLIPVisionTower': 'backbone.visual.ln_post',
    'ConvViT': 'backbone.norm',
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    src = parser.add_mutually_exclusive_group(required=True)
    src.add_argument('--images', nargs='+')
    src.add_argument(
        '--ann-file',
        help='"<path> <label>" list (relative '
        'to --data-root, as are its paths)',
    )
    parser.add_argument('--data-root', default='')
    parser.add_argument('--out-dir', default='work_dirs/heatmaps')
    parser.add_argument(
        '--method',
        nargs='+',
        default=['gradcam', 'attention'],
        choices=['gradcam', 'attention'],
    )
    parser.add_argument('--target-layer')
    thr = parser.add_mutually_exclusive_group()
    thr.add_argument('--threshold', type=float)
    thr.add_argument(
        '--threshold-file', help="abmil_threshold.py's threshold.json"
    )
    parser.add_argument(
        '--num',
        type=int,
        default=16,
        help='at most this many images of --ann-file',
    )
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


class _Logit(torch.nn.Module):
    """``inputs -> positive logit (B, 1)`` for grad-cam."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        feats = self.model.extract_feat(x)
        out = self.model.head(feats)
        return out if out.shape[1] == 1 else out[:, 1:] - out[:, :1]


def _module(model, name):
    try:
        return model.get_submodule(name)
    except AttributeError as err:
        raise UsageError(f'--target-layer {name}: no such module ({err})')


def _tokens_to_grid(grid):
    """grad-cam reshape_transform: (B, N, C) tokens -> (B, C, h, w), the
    last ``h*w`` tokens (a class token, if any, comes first)."""

    def reshape(t):
        if t.dim() != 3 or grid[0] is None:  # not tokens / not a CAM pass
            return t
        h, w = grid[0]
        t = t[:, -h * w :]
        return t.transpose(1, 2).reshape(t.shape[0], -1, h, w)

    return reshape


IMAGE_SUFFIXES = ('.png', '.jpg', '.jpeg', '.tif', '.tiff', '.bmp')


def _images(args):
    if args.images:
        out = []
        for p in args.images:
            if osp.isdir(p):
                out += [
                    (osp.join(p, f), None) for f in files_in(p, IMAGE_SUFFIXES)
                ]
            else:
                out.append((p, None))
        return out
    path = osp.join(args.data_root, args.ann_file)
    if not osp.isfile(path):
        raise UsageError(f'--ann-file {path} not found')
    items = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if parts:
                items.append(
                    (
                        osp.join(args.data_root, parts[0]),
                        int(parts[1]) if len(parts) > 1 else None,
                    )
                )
    return items[: args.num]


@cli_main
def main(argv=None):
    args = parse_args(argv)
    from mmengine.dataset import Compose, pseudo_collate
    from mmengine.registry import DefaultScope
    from pytorch_grad_cam import GradCAM
    from pytorch_grad_cam.utils.model_targets import (
        BinaryClassifierOutputTarget,
    )

    from mmir.cls.analysis import load_model
    from mmir.utils.config_check import iter_datasets, load_config

    threshold = args.threshold
    if args.threshold_file:
        from mmir.utils.fileio import read_json

        try:
            threshold = float(
                (read_json(args.threshold_file) or {})['threshold']
            )
        except (KeyError, TypeError, ValueError):
            raise UsageError(
                f'{args.threshold_file}: expected a JSON with a numeric '
                '"threshold" (abmil_threshold.py writes one)'
            ) from None
    cfg = load_config(args.config, args.cfg_options)
    scope = cfg.get('default_scope', 'mmpretrain')
    with DefaultScope.overwrite_default_scope(scope):
        model = load_model(cfg, args.checkpoint, args.device, strict=False)
        _, ds = list(
            iter_datasets(
                cfg.test_dataloader.dataset, 'test_dataloader.dataset'
            )
        )[-1]
        pipeline = Compose(ds.pipeline)
    neck = model.neck if hasattr(model.neck, 'attention_maps') else None
    if 'attention' in args.method and neck is None:
        print('note: the model has no ABMIL neck; attention maps skipped')
    grid = [None]
    if 'gradcam' in args.method:
        layer_name = args.target_layer or DEFAULT_LAYERS.get(
            cfg.model.backbone.type
        )
        if layer_name is None:
            raise UsageError(
                'no default Grad-CAM layer for backbone '
                f'{cfg.model.backbone.type}; pass --target-layer'
            )
        cam = GradCAM(
            _Logit(model),
            [_module(model, layer_name)],
            reshape_transform=_tokens_to_grid(grid),
        )
    os.makedirs(args.out_dir, exist_ok=True)
    rows = []
    for path, label in _images(args):
        if not osp.isfile(path):
            raise UsageError(f'image {path} not found')
        with DefaultScope.overwrite_default_scope(scope):
            data = pipeline(dict(img_path=path, gt_label=label or 0))
        batch = model.data_preprocessor(pseudo_collate([data]), False)
        x = batch['inputs'].to(args.device)
        image = np.ascontiguousarray(
            data['inputs'].permute(1, 2, 0).numpy()[..., :3]
        )
        if image.shape[2] == 1:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        with torch.no_grad():
            feats = model.backbone(x)
            if neck is not None:
                model.neck(feats)
            logit = _Logit(model)(x)
        prob = float(torch.sigmoid(logit[0, 0]))
        out = feats[-1]
        grid[0] = (
            tuple(out.shape[-2:])
            if out.dim() == 4
            else (neck.last_hw if neck is not None and neck.last_hw else None)
        )
        stem = osp.splitext(osp.basename(path))[0]
        written = []
        if neck is not None and 'attention' in args.method:
            att = neck.attention_maps()
            if att is not None and att.dim() == 3:
                a = att[0].cpu().numpy()
                a = (a - a.min()) / max(a.max() - a.min(), 1e-12)
                dst = osp.join(args.out_dir, f'{stem}_attention.png')
                cv2.imwrite(dst, cam_overlay(image, a))
                written.append(dst)
        if 'gradcam' in args.method:
            heat = cam(
                input_tensor=x, targets=[BinaryClassifierOutputTarget(1)]
            )[0]
            dst = osp.join(args.out_dir, f'{stem}_gradcam.png')
            cv2.imwrite(dst, cam_overlay(image, heat))
            written.append(dst)
        decision = '' if threshold is None else int(prob >= threshold)
        rows.append(
            dict(
                image=path,
                label='' if label is None else label,
                p_positive=f'{prob:.6f}',
                positive=decision,
                outputs=' '.join(written),
            )
        )
        verdict = '' if threshold is None else f' positive={decision}'
        print(
            f'{path}: p(positive)={prob:.3f}{verdict} -> {", ".join(written)}'
        )
    from mmir.utils.fileio import atomic_file

    with (
        atomic_file(osp.join(args.out_dir, 'heatmaps.csv')) as tmp,
        open(tmp, 'w', newline='') as f,
    ):
        writer = csv.DictWriter(
            f,
            fieldnames=['image', 'label', 'p_positive', 'positive', 'outputs'],
        )
        writer.writeheader()
        writer.writerows(rows)
    return 0


if __name__ == '__main__':
    sys.exit(main())
