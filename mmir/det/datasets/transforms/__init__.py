from .loading import LoadChipFrames, LoadSequenceFrames
from .sequence_difference import SequenceDifference
from .target_chip import RandomTargetChip

__all__ = [
    'LoadChipFrames',
    'LoadSequenceFrames',
    'SequenceDifference',
    'RandomTargetChip',
]
