from .band_stats_hook import BandStatsHook, compute_band_stats
from .embedding_classifier_hook import EmbeddingClassifierHook

__all__ = ['BandStatsHook', 'compute_band_stats', 'EmbeddingClassifierHook']
