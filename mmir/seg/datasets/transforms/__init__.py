from .histogram_equalize import HistogramEqualize

__all__ = ['HistogramEqualize']
