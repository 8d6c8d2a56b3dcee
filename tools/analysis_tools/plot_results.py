"""Plots of a grid's or k-fold's results.

Usage and options: ``python tools/analysis_tools/plot_results.py --help``;
the code is :mod:`mmir.entrypoints.plot_results` (also ``mmir-plot``).
"""

import sys

from mmir.entrypoints.plot_results import main

if __name__ == '__main__':
    sys.exit(main())
