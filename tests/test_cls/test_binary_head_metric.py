import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mmir.cls.evaluation import BinaryClassMetric
from mmir.cls.models.heads import BinaryLinearClsHead
from mmpretrain.structures import DataSample


def _samples(labels):
    return [DataSample().set_gt_label(int(y)) for y in labels]


def test_loss_is_bce_on_one_logit():
    torch.manual_seed(0)
    head = BinaryLinearClsHead(in_channels=5)
    feats = torch.randn(6, 5)
    labels = [1, 0, 1, 1, 0, 0]
    loss = head.loss((feats, ), _samples(labels))['loss']
    logit = head.fc(feats).squeeze(1)
    y = torch.tensor(labels, dtype=torch.float)
    p = torch.sigmoid(logit)
    direct = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
    torch.testing.assert_close(loss, direct)


def test_soft_labels_use_positive_entry():
    head = BinaryLinearClsHead(in_channels=3)
    feats = torch.randn(2, 3)
    samples = [DataSample().set_gt_score(torch.tensor([0.3, 0.7])),
               DataSample().set_gt_score(torch.tensor([1.0, 0.0]))]
    loss = head.loss((feats, ), samples)['loss']
    logit = head.fc(feats).squeeze(1)
    direct = F.binary_cross_entropy_with_logits(logit,
                                                torch.tensor([0.7, 0.0]))
    torch.testing.assert_close(loss, direct)


def test_predictions_two_class_layout_and_threshold():
    head = BinaryLinearClsHead(in_channels=2, threshold=0.8)
    with torch.no_grad():
        head.fc.weight.copy_(torch.tensor([[1.0, 0.0]]))
        head.fc.bias.zero_()
    feats = torch.tensor([[2.0, 0], [1.0, 0], [-3.0, 0]])  # p .88 .73 .05
    out = head.predict((feats, ))
    p = torch.sigmoid(feats[:, 0])
    for s, pi in zip(out, p):
        torch.testing.assert_close(s.pred_score, torch.stack([1 - pi, pi]))
    assert [int(s.pred_label) for s in out] == [1, 0, 0]


def test_bad_arguments():
    with pytest.raises(ValueError, match='two-class'):
        BinaryLinearClsHead(in_channels=2, num_classes=3)
    with pytest.raises(ValueError, match='threshold'):
        BinaryLinearClsHead(in_channels=2, threshold=1.0)
    head = BinaryLinearClsHead(in_channels=2)
    with pytest.raises(ValueError, match='labels 0/1'):
        head.loss((torch.randn(2, 2), ), _samples([0, 2]))


def test_metric_counts_and_prf():
    gt = [1, 1, 1, 0, 0, 1, 0]
    pred = [1, 0, 1, 1, 0, 1, 0]
    metric = BinaryClassMetric()
    metric.process(None, [dict(gt_label=torch.tensor([g]),
                               pred_label=torch.tensor([p]))
                          for g, p in zip(gt, pred)])
    out = metric.compute_metrics(metric.results)
    tp, fp, fn, tn = 3, 1, 1, 2
    assert (out['tp'], out['fp'], out['fn'], out['tn']) == (tp, fp, fn, tn)
    assert out['precision'] == pytest.approx(tp / (tp + fp))
    assert out['recall'] == pytest.approx(tp / (tp + fn))
    assert out['f1'] == pytest.approx(2 * 0.75 * 0.75 / 1.5)
    assert out['num_samples'] == 7


def test_metric_all_negative_set_counts_false_positives():
    metric = BinaryClassMetric()
    metric.process(None, [dict(gt_label=torch.tensor([0]),
                               pred_label=torch.tensor([p]))
                          for p in (0, 1, 1, 0)])
    out = metric.compute_metrics(metric.results)
    assert out['fp'] == 2 and out['tp'] == 0
    assert out['precision'] == 0.0 and out['recall'] == 0.0
    assert BinaryClassMetric().compute_metrics([]) == dict(num_samples=0.0)
    assert np.isfinite(out['f1'])
