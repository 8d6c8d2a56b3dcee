"""Apply a reviewed label-refinement file as a new annotation version.

    python tools/curation/apply_label_review.py ANN_FILE
        [--labels REVIEW/labels.csv] [--images REVIEW/images.csv]

Reads the ``action`` / ``new_label`` / ``new_bbox`` columns of the
labels file and the ``add`` column of the images file written by
``tools/curation/dim_target_label_loss.py`` (after a person filled
them in) and writes ``<stem>.v<N>.json`` next to ANN_FILE, N the next free
version; ANN_FILE and every earlier version stay as they are, and
``<stem>.versions.json`` logs what each version changed. Point the
config's ``ann_file`` at the new version to retrain (Zhao et al. 2024,
section III-B).
"""

import argparse
import sys

from mmir.utils.launch import UsageError, cli_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('ann_file')
    parser.add_argument('--labels', help='reviewed labels.csv')
    parser.add_argument('--images', help='reviewed images.csv')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    from mmir.det.curation import apply_review

    if not args.labels and not args.images:
        raise UsageError('give --labels and/or --images (reviewed files)')
    try:
        path, changes = apply_review(args.ann_file, args.labels, args.images)
    except ValueError as err:
        raise UsageError(str(err))
    print(
        f'wrote {path}: ' + ', '.join(f'{k} {v}' for k, v in changes.items())
    )


if __name__ == '__main__':
    cli_main(main)(sys.argv[1:])
