"""Explainability of the classifiers (Tang et al., Figs. 6-7) and the
operating point of a binary one."""

from mmir.utils.model_loading import load_model, load_model_and_dataloader

from .band_occlusion import band_occlusion
from .operating_point import operating_point

__all__ = [
    'band_occlusion',
    'load_model',
    'load_model_and_dataloader',
    'operating_point',
]
