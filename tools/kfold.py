"""Stratified k-fold cross-validation of one config.

Usage and options: ``python tools/kfold.py --help``; the code is
:mod:`mmir.entrypoints.kfold` (also the ``mmir-kfold`` command).
"""

import sys

from mmir.entrypoints.kfold import main

if __name__ == '__main__':
    sys.exit(main())
