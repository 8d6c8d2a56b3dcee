from .band_augment import (
    RandomBandAffine,
    RandomBandContrast,
    RandomBandNoise,
    RandomRGBJitter,
)
from .loading import LoadMultiBandImage

__all__ = [
    'LoadMultiBandImage',
    'RandomBandNoise',
    'RandomBandContrast',
    'RandomRGBJitter',
    'RandomBandAffine',
]
