"""Offline SMOTE with SSIM neighbours (Tang et al., Algorithm 1)."""

from .oversample import SMOTEError, csv_text, oversample_rows
from .smote import smote_ssim, ssim_neighbours, synthetic_counts
from .ssim import band_data_range, gaussian_window, pairwise_ssim, ssim

__all__ = [
    'ssim',
    'pairwise_ssim',
    'gaussian_window',
    'band_data_range',
    'ssim_neighbours',
    'synthetic_counts',
    'smote_ssim',
    'oversample_rows',
    'SMOTEError',
    'csv_text',
]
