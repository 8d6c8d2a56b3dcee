from .landmine import LandmineDataset
from .masati import MASATIDataset
from .multiband import MultiBandDataset
from .transforms import *  # noqa: F401,F403
from .transforms import __all__ as _transforms
from .wrappers import DuplicateBalancedDataset, InpaintedNegativesDataset

__all__ = [
    'LandmineDataset',
    'MASATIDataset',
    'MultiBandDataset',
    'DuplicateBalancedDataset',
    'InpaintedNegativesDataset',
    *_transforms,
]
