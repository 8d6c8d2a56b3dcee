from .binary_metric import BinaryClassMetric

__all__ = ['BinaryClassMetric']
