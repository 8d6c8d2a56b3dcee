"""Plot a finished run, grid or k-fold folder.

    python tools/analysis_tools/plot_results.py WORK_DIR [--overlays 4]

Writes into ``WORK_DIR/plots/``: ``<run>_curves.png`` (loss terms, lr and
validation metrics), ``<run>_confusion.png`` (classification) and
``<run>_overlays/`` (a few test predictions, detection and segmentation);
a k-fold folder also gets ``confusion_matrix.png`` pooled over the folds.
"""

import argparse
import os.path as osp
import sys
from collections.abc import Sequence

from mmir.experiments.plots import plot_dir


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('work_dir')
    parser.add_argument(
        '--overlays',
        type=int,
        default=4,
        help='test images to draw per detection/segmentation run (0: none)',
    )
    args = parser.parse_args(argv)
    if not osp.isdir(args.work_dir):
        print(f'error: {args.work_dir} is not a folder', file=sys.stderr)
        return 2
    written = plot_dir(args.work_dir, overlays=args.overlays)
    if not written:
        print(
            f'error: no finished runs (result.json) under {args.work_dir}',
            file=sys.stderr,
        )
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == '__main__':
    sys.exit(main())
