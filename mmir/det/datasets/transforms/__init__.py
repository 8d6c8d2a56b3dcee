from .loading import LoadSequenceFrames
from .sequence_difference import SequenceDifference
from .target_chip import RandomTargetChip

__all__ = ['LoadSequenceFrames', 'SequenceDifference', 'RandomTargetChip']
