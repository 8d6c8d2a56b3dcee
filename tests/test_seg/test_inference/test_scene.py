"""MRIFE on a scene larger than its tiles: sliding windows equal the whole
image when one window covers it, georeferencing is kept, the polygons
cover exactly the mask."""

import copy
import json
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from conftest import ROOT, run_tool
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

rasterio = pytest.importorskip('rasterio')

CONFIG = osp.join(
    ROOT, 'configs/mrife/mrife_r18-d8-aspp-se_1xb2-20i_synth-landslide.py'
)
CRS = 'EPSG:32645'


@pytest.fixture(scope='module')
def scene(tmp_path_factory):
    """(a 3-band 200x272 GeoTIFF of a synthetic landslide image, a tiny
    MRIFE checkpoint whose mask covers part of it)."""
    from rasterio.transform import from_origin

    from mmir.datasets.synthetic import generate

    root = tmp_path_factory.mktemp('scene') / 'landslide_seg'
    generate('landslide_seg', str(root))
    image = cv2.imread(str(sorted((root / 'img_dir/test').iterdir())[0]))
    image = image[:200, :272]  # BGR, as OpenCV reads it
    path = root / 'scene.tif'
    with rasterio.open(
        path,
        'w',
        driver='GTiff',
        height=200,
        width=272,
        count=3,
        dtype='uint8',
        crs=CRS,
        transform=from_origin(300000, 3100000, 10, 10),
    ) as dst:
        dst.write(image[..., ::-1].transpose(2, 0, 1))  # R, G, B bands
    cfg = Config.fromfile(CONFIG)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(copy.deepcopy(cfg.model)).eval()
        model.init_weights()
    # shift the landslide logit so that about half the scene is positive
    from mmir.seg.inference import segment_scene

    ckpt = root / 'model.pth'
    torch.save(dict(state_dict=model.state_dict(), meta={}), ckpt)
    prob = segment_scene(CONFIG, str(ckpt), image, tile=272, progress=False)
    logit = np.log(prob[1] + 1e-12) - np.log(prob[0] + 1e-12)
    with torch.no_grad():
        model.decode_head.conv_seg.bias[1] -= float(np.median(logit))
    torch.save(dict(state_dict=model.state_dict(), meta={}), ckpt)
    return path, str(ckpt), image


def _reference_logits(ckpt, image, size=None):
    """The dataset's path by hand: HistogramEqualize, an optional resize to
    ``size`` (W, H), then the model's test_step in 'whole' mode; returns
    the (2, H, W) logits."""
    from mmseg.structures import SegDataSample

    from mmir.seg.datasets.transforms.histogram_equalize import (
        HistogramEqualize,
    )
    from mmir.utils.model_loading import load_model

    cfg = Config.fromfile(CONFIG)
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = load_model(cfg, ckpt)
    eq = HistogramEqualize('channel').transform(dict(img=image))['img']
    if size is not None:
        eq = cv2.resize(eq, size, interpolation=cv2.INTER_LINEAR)
    sample = SegDataSample()
    sample.set_metainfo(dict(img_shape=eq.shape[:2], ori_shape=eq.shape[:2]))
    x = torch.from_numpy(eq.transpose(2, 0, 1).copy())
    with torch.no_grad():
        ref = model.test_step(dict(inputs=[x], data_samples=[sample]))
    return ref[0].seg_logits.data


def test_one_window_equals_whole_image_inference(scene):

    from mmir.seg.inference import read_scene, segment_scene

    path, ckpt, image = scene
    read, profile = read_scene(str(path))
    np.testing.assert_array_equal(read, image)  # bands back in BGR order
    assert str(profile['crs']) == CRS
    prob = segment_scene(CONFIG, ckpt, read, tile=272, progress=False)
    logits = _reference_logits(ckpt, image)
    np.testing.assert_allclose(prob, logits.softmax(0).numpy(), atol=1e-5)
    assert 0.2 < (prob.argmax(0) == 1).mean() < 0.8


def test_tool_writes_georeferenced_mask_and_polygons(scene, tmp_path):
    path, ckpt, _ = scene
    out = tmp_path / 'out'
    proc = run_tool(
        'tools/inference/mrife_scene.py',
        CONFIG,
        ckpt,
        path,
        '--out-dir',
        out,
        '--tile',
        128,
        '--stride',
        64,
        '--min-area',
        0,
        '--probability',
        '--quiet',
    )
    assert CRS in proc.stdout and 'polygons' in proc.stdout
    with rasterio.open(out / 'mask.tif') as m, rasterio.open(path) as s:
        assert (m.crs, m.transform, m.shape) == (s.crs, s.transform, s.shape)
        mask = m.read(1)
    with rasterio.open(out / 'probability.tif') as p:
        prob = p.read(1)
    clear = np.abs(prob - 0.5) > 1e-4  # argmax of two near-equal classes
    np.testing.assert_array_equal(mask[clear], prob[clear] > 0.5)
    assert 0 < mask.mean() < 1
    polygons = json.loads((out / 'landslides.geojson').read_text())
    areas = [f['properties']['area'] for f in polygons['features']]
    assert sum(areas) == pytest.approx(mask.sum() * 100)  # 10 m pixels
    lon, lat = polygons['features'][0]['geometry']['coordinates'][0][0]
    assert 80 < lon < 90 and 25 < lat < 30  # UTM 45N -> WGS84 degrees


def test_plain_image_scene_gives_png_and_pixel_polygons(scene, tmp_path):
    from mmir.seg.inference import mask_polygons

    _, ckpt, image = scene
    png = tmp_path / 'scene.png'
    cv2.imwrite(str(png), image)
    out = tmp_path / 'out'
    run_tool(
        'tools/inference/mrife_scene.py',
        CONFIG,
        ckpt,
        png,
        '--out-dir',
        out,
        '--tile',
        128,
        '--quiet',
    )
    mask = cv2.imread(str(out / 'mask.png'), -1)
    assert mask.shape == (200, 272) and set(np.unique(mask)) <= {0, 255}
    # a 3x3 square and a 1-pixel speck; --min-area drops the speck
    m = np.zeros((10, 10), np.uint8)
    m[2:5, 2:5] = 1
    m[8, 8] = 1
    fc = mask_polygons(m, None, min_area_px=2)
    assert [f['properties']['pixels'] for f in fc['features']] == [9]
    ring = fc['features'][0]['geometry']['coordinates'][0]
    assert (min(x for x, _ in ring), max(x for x, _ in ring)) == (2, 5)


def test_16bit_geotiff_is_stretched_to_8_bits(scene, tmp_path):
    from rasterio.transform import from_origin

    from mmir.datasets.thermal import stretch_to_uint8
    from mmir.seg.inference import read_scene, segment_scene

    path, ckpt, image = scene
    wide = image.astype(np.uint16) * 40 + 1000  # 16-bit reflectance-like
    tif = tmp_path / 'scene16.tif'
    with rasterio.open(
        tif,
        'w',
        driver='GTiff',
        height=200,
        width=272,
        count=3,
        dtype='uint16',
        crs=CRS,
        transform=from_origin(0, 0, 10, 10),
    ) as dst:
        dst.write(wide[..., ::-1].transpose(2, 0, 1))
    read, profile = read_scene(str(tif))
    assert read.dtype == np.uint16 and profile is not None
    prob = segment_scene(CONFIG, ckpt, read, tile=272, progress=False)
    eight = np.stack(
        [stretch_to_uint8(wide[..., c]) for c in range(3)], axis=2
    )
    ref = segment_scene(CONFIG, ckpt, eight, tile=272, progress=False)
    np.testing.assert_allclose(prob, ref, atol=1e-6)


def test_scale_on_a_non_square_scene_resizes_width_and_height(scene):
    """``scale=0.5`` on the 200x272 scene: the model sees the 100x136
    (H x W) equalised image and its logits come back to 200x272."""
    from mmir.seg.inference import segment_scene

    _, ckpt, image = scene
    prob = segment_scene(
        CONFIG, ckpt, image, tile=136, scale=0.5, progress=False
    )
    assert prob.shape == (2, 200, 272)
    logits = torch.nn.functional.interpolate(
        _reference_logits(ckpt, image, size=(136, 100))[None].float(),
        size=(200, 272),
        mode='bilinear',
        align_corners=False,
    )[0]
    np.testing.assert_allclose(prob, logits.softmax(0).numpy(), atol=1e-5)
