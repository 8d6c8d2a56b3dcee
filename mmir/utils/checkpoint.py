"""Load MMEngine checkpoints under PyTorch's ``weights_only`` unpickler.

PyTorch >= 2.6 loads with ``weights_only=True``; mmengine 0.10.7 then fails on
its own checkpoints, whose ``message_hub`` holds :class:`HistoryBuffer` objects
and numpy arrays/scalars. Turning ``weights_only`` off would let a checkpoint
run arbitrary code, so instead :func:`register_safe_globals` allow-lists
exactly what MMEngine checkpoints contain:

* plain classes and functions: ``HistoryBuffer``, numpy's ``_reconstruct``,
  ``scalar``, ``ndarray``, ``dtype`` and the concrete dtype classes;
* ``builtins.bytes`` called without arguments (:func:`_empty_bytes`): the
  empty buffer of an empty numpy array (a never-updated ``HistoryBuffer``);
* ``argparse.Namespace``, which MAE-style pre-training checkpoints (MAE,
  ConvMAE, InfMAE) store as ``args`` (a plain attribute container);
* ``builtins.getattr``, which the pickle of ``HistoryBuffer`` uses to refer to
  its statistics methods, mapped to :func:`_history_buffer_getattr`: it only
  resolves ``getattr(HistoryBuffer, name)`` for ``name`` in
  ``{'min', 'max', 'current', 'mean'}`` and refuses anything else.

:func:`load_from_local_safe` replaces MMEngine's local-file loader, so
``load_from``, ``resume`` and ``tools/test.py``'s checkpoint all go through it,
and turns PyTorch's unpickling errors into a message naming the file.
"""

import argparse
import os.path as osp
import pickle
import zipfile
from collections.abc import Callable

import numpy as np
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader

__all__ = [
    'CheckpointLoadError',
    'register_safe_globals',
    'load_from_local_safe',
    'apply_checkpoint_patch',
]

HISTORY_BUFFER_METHODS = frozenset({'min', 'max', 'current', 'mean'})


_TORCH_BOILERPLATE = (
    'Weights only load failed',
    'Check the documentation',
    'Please file an issue',
)


class CheckpointLoadError(RuntimeError):
    """A file could not be loaded as a checkpoint (not one, or unsafe)."""


def _history_buffer_getattr(obj, name):
    """``getattr`` restricted to ``HistoryBuffer``'s statistics methods."""
    if obj is HistoryBuffer and name in HISTORY_BUFFER_METHODS:
        return getattr(obj, name)
    raise pickle.UnpicklingError(
        f'refused getattr({obj!r}, {name!r}): mmir only allows '
        f'getattr(HistoryBuffer, one of {sorted(HISTORY_BUFFER_METHODS)})'
    )


def _empty_bytes(*args):
    """``bytes()`` with no argument: how pickle protocol 2 (``torch.save``'s)
    writes ``b''``, e.g. the buffer of an empty numpy array such as an
    unused :class:`HistoryBuffer`'s history. Any argument is refused."""
    if args:
        raise pickle.UnpicklingError(
            f'refused bytes{args!r}: mmir only allows bytes() (an empty '
            'buffer)'
        )
    return b''


def _numpy_globals():
    multiarray = (
        np._core.multiarray if hasattr(np, '_core') else np.core.multiarray
    )
    prefix = multiarray.__name__
    allowed = [
        (multiarray._reconstruct, f'{prefix}._reconstruct'),
        (multiarray.scalar, f'{prefix}.scalar'),
        np.ndarray,
        np.dtype,
    ]
    if prefix != 'numpy.core.multiarray':
        # numpy 2 still unpickles files written by numpy 1 under these names.
        allowed += [
            (multiarray._reconstruct, 'numpy.core.multiarray._reconstruct'),
            (multiarray.scalar, 'numpy.core.multiarray.scalar'),
        ]
    if hasattr(np, 'dtypes'):
        allowed += [
            getattr(np.dtypes, name)
            for name in np.dtypes.__all__
            if isinstance(getattr(np.dtypes, name), type)
        ]
    return allowed


_REGISTERED = False


def register_safe_globals() -> None:
    """Allow-list what MMEngine checkpoints need; idempotent."""
    global _REGISTERED
    if _REGISTERED:
        return
    torch.serialization.add_safe_globals(
        [
            HistoryBuffer,
            (_history_buffer_getattr, 'builtins.getattr'),
            (_empty_bytes, 'builtins.bytes'),
            argparse.Namespace,
        ]
        + _numpy_globals()
    )
    _REGISTERED = True


def load_from_local_safe(
    filename: str, map_location: str | torch.device | Callable | None = None
) -> dict:
    """Load a local checkpoint with ``weights_only=True`` and clear errors.

    Raises:
        FileNotFoundError: ``filename`` does not exist.
        CheckpointLoadError: the file is not a PyTorch checkpoint, or it holds
            objects outside the allow-list (it is never executed).
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint {filename} can not be found.')
    if not _looks_like_checkpoint(filename):
        raise CheckpointLoadError(
            f'{filename} is not a PyTorch checkpoint (neither the zip '
            'archive torch.save writes nor a legacy pickle)'
        )
    register_safe_globals()
    try:
        return torch.load(
            filename, map_location=map_location, weights_only=True
        )
    except pickle.UnpicklingError as err:
        detail = ' '.join(
            p.strip()
            for p in str(err).split('\n\n')
            if p.strip() and not p.strip().startswith(_TORCH_BOILERPLATE)
        )
        detail = detail.split('WeightsUnpickler error:')[-1].strip()
        raise CheckpointLoadError(
            f'refused to load checkpoint {filename}: it contains objects '
            'that are not tensors or the MMEngine bookkeeping mmir allows, '
            'and unpickling them could run arbitrary code. Only load '
            f'checkpoints you trust. Details: {detail}'
        ) from None
    except (RuntimeError, EOFError, ValueError) as err:
        raise CheckpointLoadError(
            f'{filename} is not a valid PyTorch checkpoint '
            f'({type(err).__name__}: {err})'
        ) from None


def _looks_like_checkpoint(filename):
    if zipfile.is_zipfile(filename):
        return True
    with open(filename, 'rb') as f:
        return f.read(1) == b'\x80'  # pickle PROTO opcode: legacy format


def load_from_local(
    filename: str, map_location: str | torch.device | Callable | None = None
) -> dict:
    """MMEngine's local-file scheme loader as mmir registers it: the name
    of the MMEngine function it replaces (code and MMEngine's own tests
    identify loaders by name), the behaviour of
    :func:`load_from_local_safe`."""
    return load_from_local_safe(filename, map_location)


def apply_checkpoint_patch() -> None:
    """Route MMEngine's local checkpoint loading through
    :func:`load_from_local_safe`; idempotent."""
    register_safe_globals()
    CheckpointLoader.register_scheme(
        prefixes='', loader=load_from_local, force=True
    )
