"""Train and test every config of an ablation grid; write one results table.

Usage and options: ``python tools/run_grid.py --help``; the code is
:mod:`mmir.entrypoints.run_grid` (also the ``mmir-grid`` command).
"""

import sys

from mmir.entrypoints.run_grid import main

if __name__ == '__main__':
    sys.exit(main())
