"""Inference of the mmdet methods on a user's own inputs."""

from .sequence import SequenceInferencer, read_frames

__all__ = ['SequenceInferencer', 'read_frames']
