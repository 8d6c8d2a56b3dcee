"""Landslide segmentation of a scene larger than the training tiles
(MRIFE, He et al.): sliding-window inference (mmseg's ``mode='slide'``),
GeoTIFF in and out with the georeferencing kept, landslide polygons as
GeoJSON.

The scene is read whole (GeoTIFF through rasterio, other images through
OpenCV), given the test pipeline's per-image preprocessing
(``HistogramEqualize`` on the whole scene, as on each training image),
optionally rescaled (``scale``: the factor the training tiles were resized
by, so the model sees the ground resolution it was trained at), and
segmented window by window: overlapping ``tile`` x ``tile`` crops every
``stride`` pixels, logits averaged where crops overlap.
"""

from __future__ import annotations

import copy
import os.path as osp
from typing import Any

import cv2
import numpy as np

from mmir.utils.config_check import dataset_with_test_pipeline

__all__ = ['read_scene', 'segment_scene', 'mask_polygons', 'write_outputs']

GEOTIFF_SUFFIXES = ('.tif', '.tiff')


def read_scene(path: str) -> tuple[np.ndarray, dict | None]:
    """``(image (H, W, C) in OpenCV's channel order (BGR for 3 bands),
    profile)``; ``profile`` is rasterio's (CRS, transform, ...) for a
    georeferenced GeoTIFF, else None."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'{path}: no such scene')
    if path.lower().endswith(GEOTIFF_SUFFIXES):
        import rasterio

        try:
            with rasterio.open(path) as src:
                bands = src.read()
                profile = dict(src.profile)
        except rasterio.errors.RasterioIOError as err:
            raise ValueError(
                f'{path}: not a readable GeoTIFF ({err})'
            ) from None
        image = np.transpose(bands, (1, 2, 0))
        if image.shape[2] >= 3:  # rasters are R, G, B; the pipelines BGR
            image = np.concatenate([image[..., 2::-1], image[..., 3:]], 2)
        georef = profile.get('crs') is not None
        return np.ascontiguousarray(image), profile if georef else None
    image = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if image is None:
        raise ValueError(f'{path}: not a readable image')
    return image[..., None] if image.ndim == 2 else image, None


def _preprocess(cfg, image: np.ndarray) -> np.ndarray:
    """The test pipeline's per-image steps that do not resize or load."""
    from mmcv.transforms import Compose

    dataset = dataset_with_test_pipeline(cfg)
    keep = [
        t
        for t in dataset.pipeline
        if t['type']
        not in (
            'LoadImageFromFile',
            'LoadAnnotations',
            'Resize',
            'RandomResize',
            'PackSegInputs',
        )
    ]
    if image.shape[2] == 1:
        image = image[..., 0]
    out = Compose(keep)(dict(img=image))['img']
    return out[..., None] if out.ndim == 2 else out


def segment_scene(
    config: str,
    checkpoint: str,
    image: np.ndarray,
    tile: int | None = None,
    stride: int | None = None,
    scale: float = 1.0,
    device: str = 'cpu',
    progress: bool = True,
    cfg_options: dict | None = None,
) -> np.ndarray:
    """Per-class probabilities ``(K, H, W)`` (softmax of the averaged window
    logits) of a scene ``image`` (H, W, C), at its own size. A scene that
    is not 8-bit (16-bit or float bands) is first stretched band by band
    to 8 bits (1st-99th percentile), the range the models were trained on.

    ``tile`` defaults to the test pipeline's Resize scale (the size the
    model was tested at), ``stride`` to two thirds of it."""
    import torch
    from mmengine.registry import DefaultScope
    from mmseg.structures import SegDataSample

    import mmir.seg  # noqa: F401
    from mmir.utils.config_check import load_config
    from mmir.utils.model_loading import load_model

    cfg = load_config(config, cfg_options)
    if tile is None:
        tile = _pipeline_size(cfg) or 512
    stride = stride or max(1, tile * 2 // 3)
    if not 0 < stride <= tile:
        raise ValueError(f'stride {stride} must be in (0, tile={tile}]')
    h0, w0 = image.shape[:2]
    if image.dtype != np.uint8:  # e.g. 16-bit reflectance GeoTIFFs
        from mmir.datasets.thermal import stretch_to_uint8

        image = np.stack(
            [stretch_to_uint8(image[..., c]) for c in range(image.shape[2])],
            axis=2,
        )
    with DefaultScope.overwrite_default_scope('mmseg'):
        image = _preprocess(cfg, image)
        if scale != 1.0:
            size = (max(1, round(w0 * scale)), max(1, round(h0 * scale)))
            image = cv2.resize(image, size, interpolation=cv2.INTER_LINEAR)
            image = image[..., None] if image.ndim == 2 else image
        model = load_model(cfg, checkpoint, device)
    model.test_cfg = copy.deepcopy(model.test_cfg)
    model.test_cfg.update(
        mode='slide', crop_size=(tile, tile), stride=(stride, stride)
    )
    h, w = image.shape[:2]
    sample = SegDataSample()
    sample.set_metainfo(dict(img_shape=(h, w), ori_shape=(h, w)))
    inputs = torch.from_numpy(np.ascontiguousarray(image.transpose(2, 0, 1)))
    bar, handle = None, None
    if progress:
        from tqdm import tqdm

        rows = max(h - tile + stride - 1, 0) // stride + 1
        cols = max(w - tile + stride - 1, 0) // stride + 1
        bar = tqdm(total=rows * cols, unit='window', desc='MRIFE scene')
        handle = model.decode_head.register_forward_hook(
            lambda *_: bar.update(1)
        )
    try:
        with torch.no_grad():
            pred = model.test_step(
                dict(inputs=[inputs], data_samples=[sample])
            )
    finally:
        if handle is not None:
            handle.remove()
        if bar is not None:
            bar.close()
    logits = pred[0].seg_logits.data.float()
    if (h, w) != (h0, w0):
        logits = torch.nn.functional.interpolate(
            logits[None], size=(h0, w0), mode='bilinear', align_corners=False
        )[0]
    return logits.softmax(0).cpu().numpy()


def _pipeline_size(cfg) -> int | None:
    dataset = dataset_with_test_pipeline(cfg)
    for t in dataset.pipeline:
        if t['type'] == 'Resize':
            scale = t.get('scale')
            return (
                int(max(scale)) if isinstance(scale, (list, tuple)) else scale
            )
    return None


def mask_polygons(
    mask: np.ndarray,
    profile: dict | None,
    min_area_px: int = 0,
    probability: np.ndarray | None = None,
) -> dict:
    """A GeoJSON FeatureCollection of the ``mask`` (H, W, 1 = landslide)
    regions: polygons in WGS84 (RFC 7946) when ``profile`` georeferences
    the scene, else in pixel coordinates. Properties: ``pixels``, ``area``
    (square units of the scene's CRS, or pixels), ``mean_probability``.
    Regions under ``min_area_px`` pixels are dropped."""
    from rasterio import features
    from rasterio.transform import Affine

    transform = profile['transform'] if profile else Affine.identity()
    pixel_area = abs(transform.a * transform.e - transform.b * transform.d)
    labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=4)[1]
    feats = []
    for geom, region in features.shapes(
        labels.astype(np.int32),
        mask=mask.astype(bool),
        transform=transform,
        connectivity=4,
    ):
        inside = labels == int(region)
        pixels = int(inside.sum())
        if pixels < min_area_px:
            continue
        props = dict(pixels=pixels, area=pixels * pixel_area)
        if probability is not None:
            props['mean_probability'] = float(probability[inside].mean())
        if profile:
            from rasterio.warp import transform_geom

            geom = transform_geom(profile['crs'], 'EPSG:4326', geom)
        feats.append(dict(type='Feature', geometry=geom, properties=props))
    return dict(type='FeatureCollection', features=feats)


def write_outputs(
    out_dir: str,
    prob: np.ndarray,
    profile: dict | None,
    min_area_px: int = 0,
    positive: int = 1,
    write_probability: bool = False,
) -> dict[str, Any]:
    """``mask.tif`` (GeoTIFF with the scene's georeferencing; ``mask.png``
    without), optionally ``probability.tif``, and ``landslides.geojson``
    into ``out_dir``; returns counts."""
    from mmir.utils.fileio import atomic_file, write_json_atomic

    mask = (prob.argmax(0) == positive).astype(np.uint8)
    p = prob[positive].astype(np.float32)
    written = []
    if profile:
        import rasterio

        base = dict(profile)
        for key in ('blockxsize', 'blockysize', 'tiled', 'photometric'):
            base.pop(key, None)
        outputs = [('mask.tif', mask, 'uint8')]
        if write_probability:
            outputs.append(('probability.tif', p, 'float32'))
        for name, data, dtype in outputs:
            meta = dict(
                base, count=1, dtype=dtype, driver='GTiff', nodata=None
            )
            meta['compress'] = 'deflate'
            with atomic_file(osp.join(out_dir, name)) as tmp:
                with rasterio.open(tmp, 'w', **meta) as dst:
                    dst.write(data[None])
            written.append(name)
    else:
        with atomic_file(osp.join(out_dir, 'mask.png')) as tmp:
            cv2.imwrite(tmp, mask * 255)
        written.append('mask.png')
        if write_probability:
            with atomic_file(osp.join(out_dir, 'probability.tif')) as tmp:
                cv2.imwrite(tmp, p)
            written.append('probability.tif')
    polygons = mask_polygons(mask, profile, min_area_px, p)
    write_json_atomic(polygons, osp.join(out_dir, 'landslides.geojson'))
    written.append('landslides.geojson')
    return dict(
        landslide_pixels=int(mask.sum()),
        pixels=int(mask.size),
        polygons=len(polygons['features']),
        written=written,
    )
