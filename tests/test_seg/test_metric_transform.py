"""BinarySegMetric (eqs. 9-14), HistogramEqualize, the decoder and the
ASPP+SE neck."""
import cv2
import numpy as np
import pytest
import torch

import mmir.seg  # noqa: F401
from mmir.seg.datasets.transforms import HistogramEqualize
from mmir.seg.evaluation.metrics import BinarySegMetric
from mmir.seg.models.decode_heads import TransposedConvHead
from mmir.seg.models.necks import ASPPSENeck


def _metric(pairs, **kwargs):
    metric = BinarySegMetric(**kwargs)
    metric.dataset_meta = dict(classes=('background', 'landslide'))
    metric.process({}, [
        dict(pred_sem_seg=dict(data=torch.from_numpy(p)[None]),
             gt_sem_seg=dict(data=torch.from_numpy(g)[None]))
        for p, g in pairs
    ])
    return metric.compute_metrics(metric.results)


def test_metric_matches_the_equations():
    rng = np.random.default_rng(0)
    pairs = [(rng.integers(0, 2, (16, 16)), rng.integers(0, 2, (16, 16)))
             for _ in range(3)]
    pairs[0][1][:2] = 255  # ignored pixels
    got = _metric(pairs)
    p = np.concatenate([a[b != 255] for a, b in pairs])
    g = np.concatenate([b[b != 255] for a, b in pairs])
    tp = np.sum((p == 1) & (g == 1))
    tn = np.sum((p == 0) & (g == 0))
    fp = np.sum((p == 1) & (g == 0))
    fn = np.sum((p == 0) & (g == 1))
    prec, rec = tp / (tp + fp), tp / (tp + fn)
    liou = tp / (tp + fp + fn)
    expect = dict(PA=(tp + tn) / (tp + tn + fp + fn), Precision=prec,
                  Recall=rec, F1=2 * prec * rec / (prec + rec), lIoU=liou,
                  mIoU=(liou + tn / (tn + fn + fp)) / 2)
    assert list(got) == list(expect)
    for k, v in expect.items():
        assert got[k] == pytest.approx(round(100 * v, 2)), k


def test_metric_without_predicted_positives():
    gt = np.zeros((8, 8), np.int64)
    gt[:2] = 1
    got = _metric([(np.zeros((8, 8), np.int64), gt)])
    assert got['Precision'] == got['Recall'] == got['F1'] == got['lIoU'] == 0
    assert got['PA'] == 75.0
    empty = _metric([(np.zeros((8, 8), np.int64), np.zeros((8, 8),
                                                           np.int64))])
    assert np.isnan(empty['lIoU']) and empty['PA'] == 100.0
    assert _metric([(np.zeros((8, 8), np.int64), np.zeros((8, 8), np.int64))],
                   nan_to_num=0)['lIoU'] == 0


def test_metric_needs_two_classes():
    metric = BinarySegMetric()
    metric.dataset_meta = dict(classes=('a', 'b', 'c'))
    with pytest.raises(ValueError, match='two-class'):
        metric.compute_metrics([])


def test_histogram_equalize():
    rng = np.random.default_rng(0)
    img = (rng.random((32, 40, 3)) * 80 + 40).astype(np.uint8)
    out = HistogramEqualize()(dict(img=img.copy()))['img']
    for c in range(3):
        assert np.array_equal(out[..., c], cv2.equalizeHist(img[..., c]))
    assert out.max() == 255 and out.min() < 10
    luma = HistogramEqualize(mode='luma')(dict(img=img.copy()))['img']
    y = cv2.cvtColor(luma, cv2.COLOR_BGR2YCrCb)[..., 0]
    assert luma.shape == img.shape and y.max() >= 250
    gray = HistogramEqualize()(dict(img=img[..., 0].copy()))['img']
    assert np.array_equal(gray, cv2.equalizeHist(img[..., 0]))
    with pytest.raises(TypeError, match='uint8'):
        HistogramEqualize()(dict(img=img.astype(np.float32), img_path='x'))
    with pytest.raises(ValueError, match='mode'):
        HistogramEqualize(mode='clahe')


@pytest.mark.parametrize('factors', [(2, 4), (4, 2), (2, 2, 2), (8, )])
def test_transposed_conv_head_restores_resolution(factors):
    head = TransposedConvHead(upsample_factors=factors, in_channels=8,
                              channels=4, num_classes=2,
                              norm_cfg=dict(type='BN'))
    out = head([torch.randn(2, 8, 5, 7)])
    assert out.shape == (2, 2, 40, 56)
    convs = [m for m in head.upsample if isinstance(m, torch.nn.ConvTranspose2d)]
    assert [c.stride[0] for c in convs] == list(factors)
    with pytest.raises(ValueError, match='even'):
        TransposedConvHead(upsample_factors=(3, ), in_channels=8, channels=4,
                           num_classes=2)


def test_aspp_se_neck():
    neck = ASPPSENeck(in_channels=16, channels=8, dilations=(1, 2),
                      se_ratio=2).eval()
    x = torch.randn(2, 16, 9, 9)
    (out, ) = neck((torch.randn(2, 4, 9, 9), x))
    assert out.shape == (2, 8, 9, 9)
    # SE: the output is the bottleneck output scaled per channel by (0, 1).
    pooled = torch.nn.functional.interpolate(neck.image_pool(x), (9, 9))
    mid = neck.bottleneck(torch.cat([pooled, *neck.aspp_modules(x)], 1))
    scale = out / mid.clamp(min=1e-6)
    nz = mid > 1e-3
    per_channel = [scale[b, c][nz[b, c]] for b in range(2) for c in range(8)
                   if nz[b, c].any()]
    assert all(torch.allclose(s, s[0], atol=1e-4) and 0 < s[0] < 1
               for s in per_channel)
