import cv2
import mmengine.fileio as fileio
import numpy as np
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS


@TRANSFORMS.register_module()
class LoadSequenceFrames(BaseTransform):
    """Read the frames ``results['img_paths']`` (F1..FN, key frame first) of
    an :class:`IRSequenceDataset` sample, unchanged (8- or 16-bit, one
    channel), into ``results['img']`` of shape ``(H, W, N)`` float32.

    Added keys: ``img``, ``img_shape``, ``ori_shape``.
    """

    def __init__(self, backend_args=None):
        self.backend_args = backend_args

    def transform(self, results):
        frames = []
        for path in results['img_paths']:
            buf = np.frombuffer(fileio.get(path, self.backend_args),
                                np.uint8)
            frame = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
            if frame is None:
                raise ValueError(f'{path}: not an image cv2 can decode')
            if frame.ndim != 2:
                raise ValueError(f'{path}: expected a single-channel frame, '
                                 f'got shape {frame.shape}')
            if frames and frame.shape != frames[0].shape:
                raise ValueError(f'{path}: frame shape {frame.shape} differs '
                                 f'from {results["img_paths"][0]} '
                                 f'{frames[0].shape}')
            frames.append(frame)
        img = np.stack(frames, axis=-1, dtype=np.float32)
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        return results

    def __repr__(self):
        return f'{self.__class__.__name__}(backend_args={self.backend_args})'
