"""BinaryClassMetric: counts, precision, recall, F1 of the positive class."""

import numpy as np
import pytest
import torch

from mmir.cls.evaluation import BinaryClassMetric


def test_metric_counts_and_prf():
    gt = [1, 1, 1, 0, 0, 1, 0]
    pred = [1, 0, 1, 1, 0, 1, 0]
    metric = BinaryClassMetric()
    metric.process(
        None,
        [
            dict(gt_label=torch.tensor([g]), pred_label=torch.tensor([p]))
            for g, p in zip(gt, pred)
        ],
    )
    out = metric.compute_metrics(metric.results)
    tp, fp, fn, tn = 3, 1, 1, 2
    assert (out['tp'], out['fp'], out['fn'], out['tn']) == (tp, fp, fn, tn)
    assert out['precision'] == pytest.approx(tp / (tp + fp))
    assert out['recall'] == pytest.approx(tp / (tp + fn))
    assert out['f1'] == pytest.approx(2 * 0.75 * 0.75 / 1.5)
    assert out['num_samples'] == 7


def test_metric_all_negative_set_counts_false_positives():
    metric = BinaryClassMetric()
    metric.process(
        None,
        [
            dict(gt_label=torch.tensor([0]), pred_label=torch.tensor([p]))
            for p in (0, 1, 1, 0)
        ],
    )
    out = metric.compute_metrics(metric.results)
    assert out['fp'] == 2 and out['tp'] == 0
    assert out['precision'] == 0.0 and out['recall'] == 0.0
    assert BinaryClassMetric().compute_metrics([]) == dict(num_samples=0.0)
    assert np.isfinite(out['f1'])
