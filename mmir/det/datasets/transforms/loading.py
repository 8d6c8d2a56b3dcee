"""Loading of frame sequences and stored chips (Zhao et al. 2024)."""

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

    def __init__(self, backend_args: dict | None = None) -> None:
        self.backend_args = backend_args

    def transform(self, results: dict) -> dict:
        frames = []
        for path in results['img_paths']:
            buf = np.frombuffer(fileio.get(path, self.backend_args), np.uint8)
            frame = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
            if frame is None:
                raise ValueError(f'{path}: not an image cv2 can decode')
            if frame.ndim != 2:
                raise ValueError(
                    f'{path}: expected a single-channel frame, '
                    f'got shape {frame.shape}'
                )
            if frames and frame.shape != frames[0].shape:
                raise ValueError(
                    f'{path}: frame shape {frame.shape} differs '
                    f'from {results["img_paths"][0]} '
                    f'{frames[0].shape}'
                )
            frames.append(frame)
        img = np.stack(frames, axis=-1, dtype=np.float32)
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(backend_args={self.backend_args})'


@TRANSFORMS.register_module()
class LoadChipFrames(BaseTransform):
    """Read a stored chip (``tools/dataset_converters/export_chips.py``):
    the ``.npy`` at ``results['img_path']`` holding the N frames of one
    sample as ``(H, W, N)`` uint8/uint16, into ``results['img']`` as float32
    (what :class:`LoadSequenceFrames` gives for a full frame).

    Added keys: ``img``, ``img_shape``, ``ori_shape``.
    """

    def transform(self, results: dict) -> dict:
        path = results['img_path']
        try:
            chip = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as err:
            raise ValueError(
                f'{path}: not a readable chip .npy ({err})'
            ) from None
        if chip.ndim != 3:
            raise ValueError(
                f'{path}: expected an (H, W, frames) chip, got '
                f'shape {chip.shape}'
            )
        img = chip.astype(np.float32)
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        return results
