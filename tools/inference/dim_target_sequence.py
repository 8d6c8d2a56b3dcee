"""Dim-target detection and tracking on a frame sequence or a video.

    python tools/inference/dim_target_sequence.py CONFIG CHECKPOINT SOURCE
        --out-dir DIR [--onnx MODEL.onnx] [--score-thr 0.05] [--no-video]
        [--fps 10] [--max-distance 8] [--max-gap 1] [--overwrite]
        [--device cpu] [--cfg-options k=v ...]

SOURCE is a folder of frames (8- or 16-bit single-channel images, in the
natural order of their names) or a video file. Frames are streamed: only
the frames the differential input needs are held. Writes into DIR (all at
once when the run completes): ``detections.json`` (COCO: one image per
frame, detections with ``score`` and ``track_id``; the first frames,
without enough history, are marked ``skipped`` under the config's
``edge='skip'``), ``tracks.json`` (per trajectory its class and per-frame
boxes), ``detections.mp4`` (boxes and track lines over the frames) and
``summary.json``; prints frames/s of the network (with NMS) and of the
whole loop. ``--onnx`` runs the export of the same model
(``tools/deployment/export_onnx.py``) instead of PyTorch.
"""

import argparse
import os.path as osp
import sys

from mmengine.config import DictAction

from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('source', help='a folder of frames or a video file')
    parser.add_argument('--out-dir', required=True)
    parser.add_argument('--onnx', help='run this ONNX export instead')
    parser.add_argument('--score-thr', type=float)
    parser.add_argument('--no-video', action='store_true')
    parser.add_argument('--fps', type=float, default=10.0)
    parser.add_argument('--max-distance', type=float, default=8.0)
    parser.add_argument('--max-gap', type=int, default=1)
    parser.add_argument('--overwrite', action='store_true')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    parser.add_argument('--quiet', action='store_true', help='no progress bar')
    return parser.parse_args(argv)


@cli_main
def main(argv=None):
    args = parse_args(argv)
    from mmir.det.inference import SequenceInferencer
    from mmir.utils.fileio import atomic_output_dir

    for path in (args.checkpoint, args.onnx):
        if path and not osp.isfile(path):
            raise UsageError(f'{path}: no such file')
    if not osp.exists(args.source):
        raise UsageError(f'{args.source}: no such folder or video file')
    manifest = dict(
        tool='dim_target_sequence',
        config=osp.abspath(args.config),
        checkpoint=osp.abspath(args.checkpoint),
        onnx=osp.abspath(args.onnx) if args.onnx else None,
        source=osp.abspath(args.source),
        score_thr=args.score_thr,
        max_distance=args.max_distance,
        max_gap=args.max_gap,
    )
    try:
        inferencer = SequenceInferencer(
            args.config,
            args.checkpoint,
            onnx=args.onnx,
            score_thr=args.score_thr,
            device=args.device,
            cfg_options=args.cfg_options,
        )
    except ValueError as err:
        raise UsageError(str(err)) from None
    with atomic_output_dir(
        args.out_dir, manifest, overwrite=args.overwrite
    ) as tmp:
        if tmp is None:
            print(f'{args.out_dir} is up to date (same inputs); nothing done')
            return 0
        try:
            result = inferencer(
                args.source,
                tmp,
                video=not args.no_video,
                fps=args.fps,
                max_distance=args.max_distance,
                max_gap=args.max_gap,
                progress=not args.quiet,
            )
        except ValueError as err:
            raise UsageError(str(err)) from None
    s = result['summary']
    print(
        f'{s["frames"]} frames ({s["detected_frames"]} with enough history), '
        f'{s["detections"]} detections, {s["tracks"]} tracks'
    )
    print(
        f'{s["backend"]}: {s["model_fps"]:.1f} frames/s (network + NMS), '
        f'{s["overall_fps"]:.1f} frames/s overall'
    )
    print(f'wrote {args.out_dir}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
