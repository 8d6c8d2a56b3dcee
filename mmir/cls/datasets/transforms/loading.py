"""Loading of a multi-band sample (Tang et al.: Sentinel-2/-1 bands)."""

from mmcv.transforms import BaseTransform
from mmpretrain.registry import TRANSFORMS

from ..multiband import read_sample


@TRANSFORMS.register_module()
class LoadMultiBandImage(BaseTransform):
    """Read a multi-band sample of :class:`MultiBandDataset`.

    Required keys: ``img_path``, ``bands``, ``file_bands`` (``layout``,
    ``h5_key``). Added: ``img`` ``(H, W, C)`` float32 in ``bands`` order,
    ``img_shape``, ``ori_shape``.
    """

    def transform(self, results: dict) -> dict:
        img = read_sample(results)
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        return results
