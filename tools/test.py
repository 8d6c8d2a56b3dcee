"""Evaluate a checkpoint with an mmdet, mmseg or mmpretrain config.

Usage and options: ``python tools/test.py --help``; the code is
:mod:`mmir.entrypoints.test` (also ``python -m mmir.entrypoints.test``).
"""

from mmir.entrypoints.test import main

if __name__ == '__main__':
    main()
