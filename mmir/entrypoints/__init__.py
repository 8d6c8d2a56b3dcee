"""The command-line entry points, importable: ``python -m
mmir.entrypoints.train`` / ``.test`` (what ``tools/train.py`` and
``tools/test.py`` call, and what the grid and k-fold runners start)."""
