"""Export a trained mmir model to ONNX, checked with onnxruntime.

    python tools/deployment/export_onnx.py CONFIG CHECKPOINT
        [--out FILE] [--shape H W] [--batch 1] [--rtol 1e-4]
        [--cfg-options k=v ...]

Exports the dim-target detector (DimTargetHead: decoded boxes and scores of
every cell; NMS in ``mmir.deploy.detections``), mmpretrain classifiers
(ABMIL: class scores and the attention map; EfficientNetV2 with its fitted
SVM head or linear head: class scores) and mmseg segmentors (MRIFE's
inference branch: segmentation logits). The graph's input ``inputs`` is a
float32 ``(B, C, H, W)`` batch as the test pipeline leaves it (before
normalisation, which is in the graph); ``H``, ``W`` are fixed, the batch
is dynamic. Mask R-CNN is refused with the reason (mmcv ops; MMDeploy).

The file is written only when onnxruntime's outputs on a random input
equal PyTorch's: max |difference| <= rtol * max(1, max |PyTorch output|)
for every output; otherwise exit 1 and nothing is written.
"""

import argparse
import os.path as osp
import sys

from mmengine.config import DictAction

from mmir.utils.launch import TOOLBOXES, UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument(
        '--out', help='default: <checkpoint dir>/<config name>.onnx'
    )
    parser.add_argument(
        '--shape',
        nargs=2,
        type=int,
        metavar=('H', 'W'),
        help="input size; default: the test pipeline's Resize scale",
    )
    parser.add_argument('--batch', type=int, default=1)
    parser.add_argument('--rtol', type=float, default=1e-4)
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def pipeline_shape(cfg):
    """(H, W) the test pipeline's last fixed-size step leaves (mmcv's
    ``Resize`` with a scale and no ``keep_ratio``, torchvision's
    ``Resize``, mmpretrain's ``CenterCrop``), or None."""
    from mmir.utils.config_check import dataset_with_test_pipeline

    dataset = dataset_with_test_pipeline(cfg)
    shape = None
    for step in dataset.get('pipeline', []):
        kind = step.get('type')
        if kind == 'Resize' and not step.get('keep_ratio', False):
            scale = step.get('scale')  # (w, h) or an int
            if isinstance(scale, int):
                shape = (scale, scale)
            elif isinstance(scale, (list, tuple)):
                shape = (int(scale[1]), int(scale[0]))
        elif kind == 'torchvision/Resize':
            size = step.get('size')  # (h, w) or an int
            if isinstance(size, (list, tuple)) and len(size) == 2:
                shape = (int(size[0]), int(size[1]))
        elif kind == 'CenterCrop':
            crop = step.get('crop_size')  # (w, h) or an int
            if isinstance(crop, int):
                shape = (crop, crop)
            elif isinstance(crop, (list, tuple)):
                shape = (int(crop[1]), int(crop[0]))
    return shape


def input_channels(cfg):
    pre = cfg.model.get('data_preprocessor') or cfg.get('data_preprocessor')
    mean = (pre or {}).get('mean')
    if mean:
        return len(mean)
    if (pre or {}).get('num_bands'):
        return int(pre['num_bands'])
    return int(cfg.model.get('backbone', {}).get('in_channels', 3))


@cli_main
def main(argv=None):
    args = parse_args(argv)
    import importlib

    from mmengine.registry import DefaultScope

    from mmir.deploy import NotExportable, export_onnx
    from mmir.utils.config_check import load_config
    from mmir.utils.model_loading import load_model

    if not osp.isfile(args.checkpoint):
        raise UsageError(f'{args.checkpoint}: no such checkpoint')
    cfg = load_config(args.config, args.cfg_options)
    scope = cfg.get('default_scope')
    if scope in TOOLBOXES:
        importlib.import_module(TOOLBOXES[scope])
    shape = tuple(args.shape) if args.shape else pipeline_shape(cfg)
    if shape is None:
        raise UsageError(
            f'{args.config}: its test pipeline has no fixed Resize; give '
            'the input size with --shape H W (e.g. the frame size)'
        )
    input_shape = (args.batch, input_channels(cfg), *shape)
    name = osp.splitext(osp.basename(args.config))[0]
    out = args.out or osp.join(osp.dirname(args.checkpoint), name + '.onnx')
    with DefaultScope.overwrite_default_scope(scope):
        model = load_model(cfg, args.checkpoint)
        try:
            report = export_onnx(
                model, out, input_shape, check=True, rtol=args.rtol
            )
        except NotExportable as err:
            raise UsageError(f'{args.config}: {err}') from None
    print(f'inputs: {list(input_shape)} float32 (batch dynamic)')
    for key in report.output_names:
        print(
            f'{key}: max |onnxruntime - PyTorch| = '
            f'{report.max_abs_diff[key]:.3g}'
        )
    if not report.ok:
        print(
            f'error: onnxruntime differs from PyTorch by more than '
            f'rtol={args.rtol}; nothing written',
            file=sys.stderr,
        )
        return 1
    print(f'wrote {report.path}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
