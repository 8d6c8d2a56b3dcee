from .binary_seg_metric import BinarySegMetric
from .dump_seg_masks import DumpSegMasks

__all__ = ['BinarySegMetric', 'DumpSegMasks']
