"""Inheritance depth of the configs: how many files deep each config is
(itself, its ``_base_`` files, theirs, ...; the toolboxes' own ``mmdet::``
/ ``mmseg::`` / ``mmpretrain::`` bases do not count).

    python tools/misc/config_depth.py [--root configs] [--max 4]
        [--allow abmil=6 ...]

Prints the deepest config of each folder of ``--root`` and every config
deeper than ``--max`` (exit 1 if any is, beyond its folder's ``--allow``).
"""

import argparse
import ast
import collections
import glob
import os.path as osp
import sys


def local_bases(path):
    """The ``_base_`` files of ``path`` that are files of this repository."""
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, 'id', None) == '_base_' for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            names = [value] if isinstance(value, str) else list(value)
            return [
                osp.normpath(osp.join(osp.dirname(path), n))
                for n in names
                if '::' not in n
            ]
    return []


def depth(path, memo=None):
    """1 for a config without local bases, else 1 + its deepest base."""
    memo = {} if memo is None else memo
    if path not in memo:
        memo[path] = 1 + max(
            (depth(b, memo) for b in local_bases(path)), default=0
        )
    return memo[path]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--root', default='configs')
    parser.add_argument('--max', type=int, default=4)
    parser.add_argument(
        '--allow', nargs='*', default=[], help='FOLDER=DEPTH exceptions'
    )
    args = parser.parse_args(argv)
    allow = dict(a.split('=', 1) for a in args.allow)
    per_folder = collections.defaultdict(list)
    memo = {}
    for path in sorted(
        glob.glob(osp.join(args.root, '**', '*.py'), recursive=True)
    ):
        if f'{osp.sep}_base_{osp.sep}' in path:
            continue
        folder = osp.relpath(path, args.root).split(osp.sep)[0]
        per_folder[folder].append((depth(path, memo), path))
    bad = 0
    for folder, rows in sorted(per_folder.items()):
        deepest, path = max(rows)
        limit = int(allow.get(folder, args.max))
        over = [p for d, p in rows if d > limit]
        print(
            f'{folder}: max depth {deepest} ({path}), {len(over)} over {limit}'
        )
        for p in over:
            print(f'  {p}')
        bad += len(over)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
