"""Generate the embedded synthetic datasets (deterministic for a seed).

    python tools/make_synthetic.py [--out-root data/synthetic]
        [--datasets ir_instance landslide_seg landmine multiband ir_sequence]
        [--scale 1] [--seed 0] [--overwrite]

Each dataset goes to ``<out-root>/<name>`` in the format of the real dataset
it stands in for. A folder already generated with the same settings is kept
as it is; a folder with other content is only replaced with --overwrite.
"""

import argparse
import sys
import time

from mmir.datasets.synthetic import (
    DEFAULT_ROOT,
    GENERATORS,
    SyntheticDataError,
    generate,
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out-root', default=DEFAULT_ROOT)
    parser.add_argument(
        '--datasets',
        nargs='+',
        choices=sorted(GENERATORS),
        default=list(GENERATORS),
    )
    parser.add_argument(
        '--scale',
        type=float,
        default=1.0,
        help='multiply the number of images (e.g. 20 for real experiments)',
    )
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '--overwrite',
        action='store_true',
        help='replace folders generated with other settings',
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    for name in args.datasets:
        start = time.time()
        try:
            path = generate(
                name,
                f'{args.out_root}/{name}',
                args.scale,
                args.seed,
                args.overwrite,
            )
        except SyntheticDataError as err:
            print(f'error: {err}', file=sys.stderr)
            return 2
        print(f'{name:14s} -> {path} ({time.time() - start:.1f} s)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
