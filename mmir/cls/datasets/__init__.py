from .landmine import LandmineDataset
from .masati import MASATIDataset
from .wrappers import DuplicateBalancedDataset, InpaintedNegativesDataset

__all__ = ['LandmineDataset', 'MASATIDataset', 'DuplicateBalancedDataset',
           'InpaintedNegativesDataset']
