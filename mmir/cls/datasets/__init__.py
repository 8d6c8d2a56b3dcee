from .landmine import LandmineDataset
from .wrappers import DuplicateBalancedDataset, InpaintedNegativesDataset

__all__ = ['LandmineDataset', 'DuplicateBalancedDataset',
           'InpaintedNegativesDataset']
