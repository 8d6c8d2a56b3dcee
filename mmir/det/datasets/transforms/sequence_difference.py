"""The differential input G = [F1-F2, F1-F3, F1-F4] (Zhao et al. 2024, eq.
1)."""

import numpy as np
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS


@TRANSFORMS.register_module()
class SequenceDifference(BaseTransform):
    """The network input of a frame sequence ``F`` (``results['img']``,
    ``(H, W, N)``, F1 = the key frame first), Zhao et al. 2024, eq. (1)::

        'difference': G = [F1 - F2, F1 - F3, ..., F1 - FN]   (H, W, N - 1)
        'single':     F1                                     (H, W, 1)
        'stack':      [F1, ..., FN]                          (H, W, N)

    computed in float32 (16-bit frames cannot wrap around). The last two
    are the paper's input ablation (Fig. 12). ``normalize='robust'`` then
    centres every channel on its median and divides it by 1.4826 x its
    median absolute deviation (the noise sigma of a difference image; the
    standard deviation where the MAD is below ``eps``, as in quantised
    8-bit differences that are mostly 0), so 8- and 16-bit sensors give
    inputs of the same scale; ``None`` leaves the counts to the data
    preprocessor.
    """

    MODES = ('difference', 'single', 'stack')

    def __init__(
        self,
        mode: str = 'difference',
        normalize: str = 'robust',
        eps: float = 1e-3,
    ):
        if mode not in self.MODES:
            raise ValueError(f'mode must be one of {self.MODES}, got {mode!r}')
        if normalize not in ('robust', None):
            raise ValueError(
                f"normalize must be 'robust' or None, got {normalize!r}"
            )
        self.mode = mode
        self.normalize = normalize
        self.eps = eps

    def transform(self, results: dict) -> dict:
        frames = np.asarray(results['img'], dtype=np.float32)
        if frames.ndim != 3:
            raise ValueError(
                f'SequenceDifference expects (H, W, N) frames, '
                f'got shape {frames.shape}'
            )
        if self.mode == 'difference':
            if frames.shape[2] < 2:
                raise ValueError(
                    'difference input needs at least 2 frames, '
                    f'got {frames.shape[2]}'
                )
            img = frames[..., :1] - frames[..., 1:]
        elif self.mode == 'single':
            img = frames[..., :1]
        else:
            img = frames
        if self.normalize == 'robust':
            flat = img.reshape(-1, img.shape[2])
            med = np.median(flat, axis=0)
            mad = np.median(np.abs(flat - med), axis=0) * 1.4826
            std = flat.std(axis=0)
            scale = np.where(
                mad > self.eps, mad, np.where(std > self.eps, std, 1.0)
            )
            img = (img - med) / scale
        results['img'] = np.ascontiguousarray(img, dtype=np.float32)
        return results

    def __repr__(self) -> str:
        return (
            f'{self.__class__.__name__}(mode={self.mode!r}, '
            f'normalize={self.normalize!r})'
        )
