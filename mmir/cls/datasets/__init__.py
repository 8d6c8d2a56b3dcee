from .landmine import LandmineDataset

__all__ = ['LandmineDataset']
