"""Merge reviewed hard examples into a new version of the training set.

    python tools/curation/merge_hard_examples.py TRAIN_ANN
        --pool POOL_ANN --review DIR [--labels-from POOL_LABELS]
        [--false-alarm-class interference|none]

DIR is the folder written by
``tools/curation/dim_target_hard_examples.py``; its
``candidates.csv`` ``accept`` column (yes / no, filled by a person or by
``--oracle``) says which candidates are real. Every frame with an accepted
candidate is added to the training annotations with the frames before it
as context (``context_only``), labelled from --labels-from (a labelled
copy of the pool) or else from the review: an accepted miss is a target,
an accepted false alarm is --false-alarm-class (``none``: background), and
the frame's detections on trajectories of 2 or more frames are targets.
The result is ``<stem>.v<N>.json`` next to TRAIN_ANN (TRAIN_ANN and older
versions are kept; ``<stem>.versions.json`` logs the change). Zhao et al.
2024, section III-C.
"""

import argparse
import csv
import json
import os.path as osp
import sys

from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('train_ann')
    parser.add_argument('--pool', required=True)
    parser.add_argument('--review', required=True)
    parser.add_argument('--labels-from')
    parser.add_argument('--false-alarm-class', default='interference')
    parser.add_argument(
        '--frame-offsets', type=int, nargs='+', default=[0, -1, -2, -3]
    )
    return parser.parse_args(argv)


def read_accepted(review_dir):
    """The candidates of ``review_dir`` with ``accept`` from its CSV."""
    with open(osp.join(review_dir, 'candidates.json')) as f:
        data = json.load(f)
    candidates = data['candidates']
    by_id = {c['id']: c for c in candidates}
    path = osp.join(review_dir, 'candidates.csv')
    with open(path, newline='') as f:
        for row_no, row in enumerate(csv.DictReader(f), start=2):
            value = (row.get('accept') or '').strip().lower()
            if value not in (
                '',
                'yes',
                'no',
                'y',
                'n',
                '1',
                '0',
                'true',
                'false',
            ):
                raise UsageError(
                    f'{path}:{row_no}: accept must be yes or no, got {value!r}'
                )
            cand = by_id.get(int(row['id']))
            if cand is None:
                raise UsageError(
                    f'{path}:{row_no}: no candidate '
                    f'{row["id"]} in candidates.json'
                )
            cand['accept'] = value in ('yes', 'y', '1', 'true')
    detections = {int(k): v for k, v in data['detections'].items()}
    return candidates, detections


def main(argv=None):
    args = parse_args(argv)
    from mmir.det.curation import merge_hard_examples

    candidates, detections = read_accepted(args.review)
    fa_class = (
        None if args.false_alarm_class == 'none' else args.false_alarm_class
    )
    try:
        path, changes = merge_hard_examples(
            args.train_ann,
            args.pool,
            candidates,
            detections,
            args.labels_from,
            fa_class,
            tuple(args.frame_offsets),
        )
    except ValueError as err:
        raise UsageError(str(err))
    print(
        f'wrote {path}: ' + ', '.join(f'{k} {v}' for k, v in changes.items())
    )


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
