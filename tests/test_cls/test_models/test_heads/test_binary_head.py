"""BinaryLinearClsHead: one logit, BCE, two-class predictions."""

import pytest
import torch
import torch.nn.functional as F
from mmpretrain.structures import DataSample

from mmir.cls.models.heads import BinaryLinearClsHead


def _samples(labels):
    return [DataSample().set_gt_label(int(y)) for y in labels]


def test_loss_is_bce_on_one_logit():
    torch.manual_seed(0)
    head = BinaryLinearClsHead(in_channels=5)
    feats = torch.randn(6, 5)
    labels = [1, 0, 1, 1, 0, 0]
    loss = head.loss((feats,), _samples(labels))['loss']
    logit = head.fc(feats).squeeze(1)
    y = torch.tensor(labels, dtype=torch.float)
    p = torch.sigmoid(logit)
    direct = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
    torch.testing.assert_close(loss, direct)


def test_soft_labels_use_positive_entry():
    head = BinaryLinearClsHead(in_channels=3)
    feats = torch.randn(2, 3)
    samples = [
        DataSample().set_gt_score(torch.tensor([0.3, 0.7])),
        DataSample().set_gt_score(torch.tensor([1.0, 0.0])),
    ]
    loss = head.loss((feats,), samples)['loss']
    logit = head.fc(feats).squeeze(1)
    direct = F.binary_cross_entropy_with_logits(
        logit, torch.tensor([0.7, 0.0])
    )
    torch.testing.assert_close(loss, direct)


def test_predictions_two_class_layout_and_threshold():
    head = BinaryLinearClsHead(in_channels=2, threshold=0.8)
    with torch.no_grad():
        head.fc.weight.copy_(torch.tensor([[1.0, 0.0]]))
        head.fc.bias.zero_()
    feats = torch.tensor([[2.0, 0], [1.0, 0], [-3.0, 0]])  # p .88 .73 .05
    out = head.predict((feats,))
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
        head.loss((torch.randn(2, 2),), _samples([0, 2]))
