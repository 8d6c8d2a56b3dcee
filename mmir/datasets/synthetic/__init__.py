"""Deterministic synthetic datasets in the formats of the real ones, one
generator per method. ``generate_all`` writes the default (tiny) sets;
``scale`` multiplies the number of images for real experiments."""

import inspect
import os.path as osp
from collections.abc import Sequence
from typing import Any

from . import (
    ir_instance,
    ir_sequence,
    landmine,
    landslide_seg,
    masati,
    multiband,
)
from .common import SyntheticDataError, atomic_output_dir, read_manifest

# name -> (module, keyword arguments holding image counts)
GENERATORS = {
    'ir_instance': (ir_instance, ('num_train', 'num_val')),
    'landslide_seg': (landslide_seg, ('num_images',)),
    'landmine': (landmine, ('num_images',)),
    'multiband': (multiband, ('num_images',)),
    'ir_sequence': (ir_sequence, ('num_train', 'num_val', 'num_pool')),
    'masati': (masati, ('num_images',)),
}
DEFAULT_ROOT = osp.join('data', 'synthetic')

__all__ = [
    'GENERATORS',
    'DEFAULT_ROOT',
    'SyntheticDataError',
    'generate',
    'generate_all',
    'atomic_output_dir',
    'read_manifest',
]


def generate(
    name: str,
    out_dir: str,
    scale: float = 1.0,
    seed: int = 0,
    overwrite: bool = False,
    **kwargs: Any,
) -> str:
    """Generate dataset ``name`` into ``out_dir``; counts times ``scale``."""
    if name not in GENERATORS:
        raise SyntheticDataError(
            f'unknown synthetic dataset {name!r}; choose from '
            f'{sorted(GENERATORS)}'
        )
    if scale <= 0:
        raise SyntheticDataError(f'scale must be positive, got {scale}')
    module, count_args = GENERATORS[name]
    params = inspect.signature(module.generate).parameters
    for arg in count_args:
        kwargs.setdefault(arg, max(1, int(round(params[arg].default * scale))))
    return module.generate(out_dir, seed=seed, overwrite=overwrite, **kwargs)


def generate_all(
    root: str = DEFAULT_ROOT,
    names: Sequence[str] | None = None,
    scale: float = 1.0,
    seed: int = 0,
    overwrite: bool = False,
) -> dict[str, str]:
    """Generate several datasets under ``root/<name>``; returns their paths."""
    return {
        name: generate(name, osp.join(root, name), scale, seed, overwrite)
        for name in (names or GENERATORS)
    }
