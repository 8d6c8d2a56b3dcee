"""Loading of a multi-band sample (Tang et al.: Sentinel-2/-1 bands)."""

import numpy as np
from mmcv.transforms import BaseTransform
from mmpretrain.registry import TRANSFORMS

from ..multiband import read_sample


@TRANSFORMS.register_module()
class LoadMultiBandImage(BaseTransform):
    """Read a multi-band sample of :class:`MultiBandDataset`.

    Required keys: ``img_path``, ``bands``, ``file_bands`` (``layout``,
    ``h5_key``). Added: ``img`` ``(H, W, C)`` float32 in ``bands`` order,
    ``img_shape``, ``ori_shape``. A sample that already holds its bands
    as ``img`` and no ``img_path`` (an array handed to mmpretrain's
    ``ImageClassificationInferencer``) is passed on as float32.
    """

    def transform(self, results: dict) -> dict:
        if 'img' in results and not results.get('img_path'):
            img = np.asarray(results['img'], dtype=np.float32)
            if img.ndim != 3:
                raise ValueError(
                    f'a multi-band array must be (H, W, C), got {img.shape}'
                )
        else:
            img = read_sample(results)
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        return results
