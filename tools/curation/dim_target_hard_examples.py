"""Propose hard examples (false alarms, misses) from new sequences.

    python tools/curation/dim_target_hard_examples.py CONFIG CHECKPOINT
        --pool annotations/pool.json [--score-thr 0.5] [--max-distance 8]
        [--max-gap 1] [--oracle annotations/pool_labels.json]
        [--out-dir DIR] [--data-root DIR]

Zhao et al. 2024, section III-C: the trained network detects targets on
every frame of the --pool sequences (a video COCO file of the config's
data root; its annotations, if any, are not used), the detections are
linked into trajectories (centre distance <= --max-distance px per frame,
constant velocity, gaps <= --max-gap frames) and

- a detection seen in one frame only, with the frames before and after it
  looked at, is a **false alarm**;
- a frame that a trajectory skips between detections is a **miss**, with
  the box interpolated.

Writes to --out-dir (default ``hard_examples`` next to the checkpoint):
``candidates.csv`` (one row per candidate with an empty ``accept``
column for the reviewer: yes / no), ``candidates.json`` (the candidates
and every frame's linked detections), ``crops/`` (the key frame around
each candidate). With --oracle (the pool's true labels, e.g. on synthetic
data) the ``accept`` column is filled by comparing with them (a stand-in
for the paper's manual double-check). Then
``tools/curation/merge_hard_examples.py`` adds the accepted
frames to a new version of the training annotations.
"""

import argparse
import hashlib
import os
import os.path as osp
import sys

from mmengine.config import DictAction

from mmir.utils.launch import cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument(
        '--pool',
        required=True,
        help='video COCO file of the new sequences '
        '(relative to the data root)',
    )
    parser.add_argument('--score-thr', type=float, default=0.5)
    parser.add_argument('--max-distance', type=float, default=8.0)
    parser.add_argument('--max-gap', type=int, default=1)
    parser.add_argument(
        '--oracle',
        help='the pool labels for an automatic review (synthetic data)',
    )
    parser.add_argument('--match-distance', type=float, default=3.0)
    parser.add_argument('--crop', type=int, default=32)
    parser.add_argument('--out-dir')
    parser.add_argument('--data-root')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--overwrite', action='store_true')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    from mmir.utils.config_check import load_config, override_data_root

    cfg = load_config(args.config, args.cfg_options)
    if args.data_root:
        override_data_root(cfg, args.data_root)
    from mmir.det.curation import mine_pool, write_candidates_review

    out_dir = args.out_dir or osp.join(
        osp.dirname(osp.abspath(args.checkpoint)), 'hard_examples'
    )
    # the detections of the pool's frames, kept as they finish so that a
    # killed run continues after them (keyed by model, data and pool)
    key = hashlib.sha1(
        repr(
            (
                osp.abspath(args.checkpoint),
                args.config,
                args.cfg_options,
                args.data_root,
                args.pool,
            )
        ).encode()
    ).hexdigest()[:12]
    cache = osp.join(
        osp.dirname(osp.abspath(out_dir)),
        f'.{osp.basename(out_dir)}.{key}.detections.jsonl',
    )
    if osp.isfile(cache):
        print(f'resuming the pool detections of a killed run ({cache})')
    candidates, detections, pool = mine_pool(
        cfg,
        args.checkpoint,
        args.pool,
        args.score_thr,
        args.max_distance,
        args.max_gap,
        args.oracle,
        args.match_distance,
        args.device,
        cache=cache,
    )
    manifest = dict(
        tool='dim_target_hard_examples',
        config=args.config,
        checkpoint=osp.abspath(args.checkpoint),
        pool=pool,
        score_thr=args.score_thr,
        max_distance=args.max_distance,
        max_gap=args.max_gap,
        oracle=args.oracle,
    )
    written = write_candidates_review(
        out_dir, manifest, candidates, detections, args.crop, args.overwrite
    )
    os.remove(cache)
    if not written:
        print(f'{out_dir} is up to date (same settings); nothing written')
        return
    kinds = [c['type'] for c in candidates]
    accepted = sum(bool(c.get('accept')) for c in candidates)
    print(
        f'{kinds.count("false_alarm")} false alarms, {kinds.count("miss")}'
        f' misses in {len(detections)} frames of {pool}'
        + (f' ({accepted} accepted by the oracle)' if args.oracle else '')
        + f' -> {out_dir}'
    )


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
