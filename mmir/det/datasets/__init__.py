from .ir_instance import IRInstanceDataset
from .ir_sequence import IRSequenceDataset
from .transforms import (
    LoadChipFrames,
    LoadSequenceFrames,
    RandomTargetChip,
    SequenceDifference,
)

__all__ = [
    'IRInstanceDataset',
    'IRSequenceDataset',
    'LoadChipFrames',
    'LoadSequenceFrames',
    'RandomTargetChip',
    'SequenceDifference',
]
