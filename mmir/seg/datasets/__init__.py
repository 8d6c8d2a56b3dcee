from .landslide import LandslideDataset

__all__ = ['LandslideDataset']
