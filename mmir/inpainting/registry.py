"""The registry of box inpainters and its builder."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mmengine.registry import Registry

if TYPE_CHECKING:
    import numpy as np

INPAINTERS = Registry('inpainter', scope='mmir', locations=['mmir.inpainting'])


def build_inpainter(
    cfg: dict | Callable,
) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """An inpainter from a config dict (``type`` a registered name), or a
    method name of :class:`OpenCVInpainter` (``'telea'``, ``'ns'``)."""
    if isinstance(cfg, str):
        cfg = dict(type='OpenCVInpainter', method=cfg)
    cfg = dict(cfg)
    name = cfg.pop('type')
    cls = INPAINTERS.get(name) if isinstance(name, str) else name
    if cls is None:
        raise KeyError(
            f'{name!r} is not a registered inpainter; choose '
            f'from {sorted(INPAINTERS.module_dict)} or register '
            'yours with @INPAINTERS.register_module()'
        )
    return cls(**cfg)
