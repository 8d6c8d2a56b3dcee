from .landslide import LandslideDataset
from .transforms import HistogramEqualize

__all__ = ['LandslideDataset', 'HistogramEqualize']
