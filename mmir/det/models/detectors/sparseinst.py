"""Loads SparseInst (Cheng et al., CVPR 2022) from mmdetection's
``projects/SparseInst``, which the mmdet wheel does not ship.

Configs that use it import ``mmir.det.models.detectors.sparseinst`` after
``mmir.det``. It finds the project on ``sys.path`` (a clone of
mmdetection v3.3.0 on ``PYTHONPATH``) or in the clone named by
``MMDET_PROJECTS_ROOT``; otherwise the import fails with what to do.
"""

import importlib
import os
import sys

PROJECT = 'projects.SparseInst.sparseinst'


def _load():
    root = os.environ.get('MMDET_PROJECTS_ROOT')
    if root and root not in sys.path:
        sys.path.insert(0, root)
    try:
        return importlib.import_module(PROJECT)
    except ImportError as err:
        raise ImportError(
            f"SparseInst is not installed: it lives in mmdetection's "
            f'projects/SparseInst, which the mmdet wheel does not ship '
            f'({type(err).__name__}: {err}). Clone it with '
            '`git clone -b v3.3.0 https://github.com/open-mmlab/mmdetection` '
            'and set PYTHONPATH or MMDET_PROJECTS_ROOT to the clone'
        ) from err


_load()
