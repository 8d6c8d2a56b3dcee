from .binary_seg_metric import BinarySegMetric

__all__ = ['BinarySegMetric']
