"""mmir: infrared and remote-sensing methods for mmdet, mmseg and mmpretrain.

Importing ``mmir`` (or any of ``mmir.det``, ``mmir.seg``, ``mmir.cls``) makes
MMEngine load checkpoints safely under PyTorch's ``weights_only`` unpickler
(see :mod:`mmir.utils.checkpoint`) and registers ``GuardedDataset`` (clear
errors for bad data during a run, :mod:`mmir.datasets.guarded_dataset`). The
toolboxes are only imported by their own sub-package.
"""

from . import engine  # noqa: F401  (toolbox-independent hooks)
from .datasets import guarded_dataset  # noqa: F401  (GuardedDataset)
from .utils.checkpoint import apply_checkpoint_patch
from .version import __version__

apply_checkpoint_patch()

__all__ = ['__version__']
