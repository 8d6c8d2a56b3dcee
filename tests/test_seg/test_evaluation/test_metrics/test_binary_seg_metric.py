"""BinarySegMetric against the equations."""

import numpy as np
import pytest
import torch

import mmir.seg  # noqa: F401
from mmir.seg.evaluation.metrics import BinarySegMetric


def _metric(pairs, **kwargs):
    metric = BinarySegMetric(**kwargs)
    metric.dataset_meta = dict(classes=('background', 'landslide'))
    metric.process(
        {},
        [
            dict(
                pred_sem_seg=dict(data=torch.from_numpy(p)[None]),
                gt_sem_seg=dict(data=torch.from_numpy(g)[None]),
            )
            for p, g in pairs
        ],
    )
    return metric.compute_metrics(metric.results)


def test_metric_matches_the_equations():
    rng = np.random.default_rng(0)
    pairs = [
        (rng.integers(0, 2, (16, 16)), rng.integers(0, 2, (16, 16)))
        for _ in range(3)
    ]
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
    expect = dict(
        PA=(tp + tn) / (tp + tn + fp + fn),
        Precision=prec,
        Recall=rec,
        F1=2 * prec * rec / (prec + rec),
        lIoU=liou,
        mIoU=(liou + tn / (tn + fn + fp)) / 2,
    )
    assert list(got) == list(expect)
    for k, v in expect.items():
        assert got[k] == pytest.approx(round(100 * v, 2)), k


def test_metric_without_predicted_positives():
    gt = np.zeros((8, 8), np.int64)
    gt[:2] = 1
    got = _metric([(np.zeros((8, 8), np.int64), gt)])
    assert got['Precision'] == got['Recall'] == got['F1'] == got['lIoU'] == 0
    assert got['PA'] == 75.0
    empty = _metric([(np.zeros((8, 8), np.int64), np.zeros((8, 8), np.int64))])
    assert np.isnan(empty['lIoU']) and empty['PA'] == 100.0
    assert (
        _metric(
            [(np.zeros((8, 8), np.int64), np.zeros((8, 8), np.int64))],
            nan_to_num=0,
        )['lIoU']
        == 0
    )


def test_metric_needs_two_classes():
    metric = BinarySegMetric()
    metric.dataset_meta = dict(classes=('a', 'b', 'c'))
    with pytest.raises(ValueError, match='two-class'):
        metric.compute_metrics([])
