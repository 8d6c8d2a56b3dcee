"""Train a model from an mmdet, mmseg or mmpretrain config.

Usage and options: ``python tools/train.py --help``; the code is
:mod:`mmir.entrypoints.train` (also ``python -m mmir.entrypoints.train``).
"""

from mmir.entrypoints.train import main

if __name__ == '__main__':
    main()
