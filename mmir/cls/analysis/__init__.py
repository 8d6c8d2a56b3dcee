"""Explainability of the multi-band classifiers (Tang et al., Figs. 6-7)."""

from mmir.utils.model_loading import load_model, load_model_and_dataloader

from .band_occlusion import band_occlusion

__all__ = ['band_occlusion', 'load_model', 'load_model_and_dataloader']
