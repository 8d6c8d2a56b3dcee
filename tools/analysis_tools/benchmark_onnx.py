"""Benchmark the exported dim-target detector: onnxruntime vs PyTorch on CPU.

    python tools/analysis_tools/benchmark_onnx.py [--config CONFIG]
        [--shape 512 640] [--rounds 30] [--threads N]

Builds the config's detector (seeded random weights: speed does not depend
on them), exports it with ``mmir.deploy.export_onnx`` (checked against
PyTorch) and times, on the same full frame, alternating call by call
(A, B, B, A, ...):

* PyTorch: ``model.predict`` (network, decoding, NMS), ``torch.no_grad``;
* ONNX: onnxruntime's session (network and decoding) then NumPy's score
  threshold and NMS (``mmir.deploy.detections``), with the same test_cfg.

Prints frames/s of each and the median over rounds of the per-round speed
ratio (ONNX / PyTorch). Both use ``--threads`` CPU threads (default: all).
"""

import argparse
import copy
import os
import tempfile

import torch
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

import mmir.det  # noqa: F401
from mmir.deploy import detections, export_onnx, onnx_session
from mmir.utils.benchmark import interleaved_ratio

CONFIG = (
    'configs/dim_target/dim-target_darknet19_chip80_1xb16-100e_'
    'synth-ir-sequence.py'
)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--config', default=CONFIG)
    parser.add_argument(
        '--shape', nargs=2, type=int, default=(512, 640), metavar=('H', 'W')
    )
    parser.add_argument('--rounds', type=int, default=30)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    cfg = Config.fromfile(args.config)
    torch.manual_seed(0)
    h, w = args.shape
    with DefaultScope.overwrite_default_scope('mmdet'):
        model_cfg = copy.deepcopy(cfg.model)
        model = MODELS.build(model_cfg).eval()
        model.init_weights()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'model.onnx')
            report = export_onnx(model, path, (1, 3, h, w))
            session = onnx_session(path, threads=args.threads)
        from mmdet.structures import DetDataSample

        x = torch.rand(1, 3, h, w) * 255
        sample = DetDataSample(
            metainfo=dict(
                img_shape=(h, w),
                ori_shape=(h, w),
                pad_shape=(h, w),
                batch_input_shape=(h, w),
                scale_factor=(1.0, 1.0),
            )
        )
        test_cfg = cfg.model.test_cfg
        feed = {'inputs': x.numpy()}

        @torch.no_grad()
        def pytorch():
            model.predict(
                model.data_preprocessor.forward(
                    dict(inputs=x, data_samples=[sample])
                )['inputs'],
                [sample],
            )

        def onnx():
            boxes, scores = session.run(None, feed)
            detections(
                boxes[0],
                scores[0],
                test_cfg.score_thr,
                test_cfg.nms_pre,
                test_cfg.nms.iou_threshold,
                test_cfg.max_per_img,
            )

        t_torch, t_onnx, ratio = interleaved_ratio(pytorch, onnx, args.rounds)
    print(
        f'{args.config}\ninput 1x3x{h}x{w}, {args.threads} threads, '
        f'{args.rounds} rounds (A, B, B, A, ...); export check: max diff '
        + ', '.join(f'{k} {v:.2g}' for k, v in report.max_abs_diff.items())
    )
    print(f'{"":24s} {"frames/s":>10s}')
    print(f'{"PyTorch (predict)":24s} {1 / t_torch:10.2f}')
    print(f'{"onnxruntime + NumPy NMS":24s} {1 / t_onnx:10.2f}')
    print(f'speed ratio ONNX / PyTorch (median per round): {1 / ratio:.2f}')


if __name__ == '__main__':
    main()
