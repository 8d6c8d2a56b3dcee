"""Write a copy of an annotation file with inaccurate labels put in.

    python tools/curation/corrupt_labels.py ANN_FILE OUT_FILE
        [--missing 0.1] [--shift 0.1 --shift-px 4] [--relabel 0.05]
        [--spurious 0.05] [--seed 0]

The four kinds of inaccurate labels of Zhao et al. 2024 (Fig. 6) -
unlabelled targets, mispositioned boxes, wrong classes, labelled
background - for measuring label refinement on data whose true labels are
known. OUT_FILE must not exist; OUT_FILE with ``.corruptions.csv`` in
place of ``.json`` lists every change.
"""

import argparse
import csv
import json
import os.path as osp
import re
import sys

from mmir.utils.fileio import write_json_atomic
from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('ann_file')
    parser.add_argument('out_file')
    parser.add_argument('--missing', type=float, default=0.1)
    parser.add_argument('--shift', type=float, default=0.1)
    parser.add_argument('--shift-px', type=float, default=4.0)
    parser.add_argument('--relabel', type=float, default=0.05)
    parser.add_argument('--spurious', type=float, default=0.05)
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    from mmir.det.curation import corrupt_labels

    report = re.sub(r'\.json$', '', args.out_file) + '.corruptions.csv'
    for path in (args.out_file, report):
        if osp.exists(path):
            raise UsageError(f'{path} exists; choose another output file')
    with open(args.ann_file) as f:
        ann = json.load(f)
    noisy, records = corrupt_labels(
        ann,
        args.missing,
        args.shift,
        args.shift_px,
        args.relabel,
        args.spurious,
        args.seed,
    )
    keys = (
        'kind',
        'ann_id',
        'image_id',
        'old_bbox',
        'new_bbox',
        'old_category',
        'new_category',
    )
    with open(report, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(keys)
        for r in records:
            writer.writerow([r[k] for k in keys])
    write_json_atomic(noisy, args.out_file)
    kinds = [r['kind'] for r in records]
    print(
        f'wrote {args.out_file}: '
        + ', '.join(
            f'{k} {kinds.count(k)}'
            for k in ('missing', 'shifted', 'relabelled', 'spurious')
        )
        + f' of {len(ann.get("annotations", []))} labels; {report}'
    )


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
