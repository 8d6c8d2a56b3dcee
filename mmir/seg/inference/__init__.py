"""Inference of the mmseg methods on a user's own inputs."""

from .scene import mask_polygons, read_scene, segment_scene, write_outputs

__all__ = ['mask_polygons', 'read_scene', 'segment_scene', 'write_outputs']
