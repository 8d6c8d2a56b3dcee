"""Detectors mmir provides to mmdet's registry.

``sparseinst`` is not imported here: it loads mmdetection's
``projects/SparseInst`` from a clone and fails without one, so only the
configs that need it import ``mmir.det.models.detectors.sparseinst``.
"""
