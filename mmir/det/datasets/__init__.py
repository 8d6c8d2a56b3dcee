from .ir_instance import IRInstanceDataset
from .ir_sequence import IRSequenceDataset
from .transforms import (LoadSequenceFrames, RandomTargetChip,
                         SequenceDifference)

__all__ = ['IRInstanceDataset', 'IRSequenceDataset', 'LoadSequenceFrames',
           'RandomTargetChip', 'SequenceDifference']
