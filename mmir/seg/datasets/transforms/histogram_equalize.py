"""Histogram equalization of the input image (He et al., MRIFE, sec. IV-B)."""

import cv2
import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.registry import TRANSFORMS


@TRANSFORMS.register_module()
class HistogramEqualize(BaseTransform):
    """Global histogram equalization of ``results['img']`` (uint8), applied
    to every image (MRIFE sec. IV-B preprocessing).

    mmseg's ``CLAHE`` is the contrast-limited *adaptive* variant and mmdet's
    /mmpretrain's ``Equalize`` are random augmentations; this one is plain
    ``cv2.equalizeHist``.

    Args:
        mode (str): 'channel' equalizes each channel on its own; 'luma'
            equalizes the Y channel of YCrCb and keeps the chroma (3-channel
            BGR input only).
    """

    def __init__(self, mode: str = 'channel'):
        if mode not in ('channel', 'luma'):
            raise ValueError(
                f'HistogramEqualize: mode={mode!r}; expected '
                "'channel' or 'luma'"
            )
        self.mode = mode

    def transform(self, results: dict) -> dict:
        img = results['img']
        if img.dtype != np.uint8:
            raise TypeError(
                'HistogramEqualize expects a uint8 image, got '
                f'{img.dtype} ({results.get("img_path")})'
            )
        if img.ndim == 2:
            results['img'] = cv2.equalizeHist(img)
        elif self.mode == 'luma':
            if img.shape[2] != 3:
                raise ValueError(
                    "HistogramEqualize(mode='luma') needs 3 "
                    f'channels, got {img.shape[2]} '
                    f'({results.get("img_path")})'
                )
            ycc = cv2.cvtColor(img, cv2.COLOR_BGR2YCrCb)
            ycc[..., 0] = cv2.equalizeHist(np.ascontiguousarray(ycc[..., 0]))
            results['img'] = cv2.cvtColor(ycc, cv2.COLOR_YCrCb2BGR)
        else:
            results['img'] = np.stack(
                [
                    cv2.equalizeHist(np.ascontiguousarray(img[..., c]))
                    for c in range(img.shape[2])
                ],
                axis=-1,
            )
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(mode={self.mode!r})'
