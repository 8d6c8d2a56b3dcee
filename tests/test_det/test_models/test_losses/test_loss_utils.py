"""mmir.det.models.losses.utils.iou_loss_inputs: mmdet's IoU-loss
conventions (all-zero weights, (n, 4) weights, reduction override)."""

import pytest
import torch

from mmir.det.models.losses.utils import iou_loss_inputs


def test_all_zero_weights_give_a_zero_that_keeps_the_graph():
    pred = torch.rand(3, 4, requires_grad=True)
    for weight in (torch.zeros(3), torch.zeros(3, 4)):
        zero, w, reduction = iou_loss_inputs(pred, weight, None, 'mean')
        assert w is None and reduction is None
        assert zero.item() == 0.0 and zero.requires_grad
        zero.backward()
        assert torch.equal(pred.grad, torch.zeros_like(pred))
        pred.grad = None


def test_box_weights_are_averaged_and_override_wins():
    pred = torch.rand(2, 4)
    weight = torch.tensor([[1.0, 1.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]])
    zero, w, reduction = iou_loss_inputs(pred, weight, 'sum', 'mean')
    assert zero is None and reduction == 'sum'
    torch.testing.assert_close(w, torch.tensor([0.5, 1.0]))
    per_box = torch.tensor([0.0, 2.0])
    zero, w, reduction = iou_loss_inputs(pred, per_box, None, 'mean')
    assert w is per_box and reduction == 'mean'
    assert iou_loss_inputs(pred, None, 'none', 'mean') == (None, None, 'none')
    with pytest.raises(AssertionError):
        iou_loss_inputs(pred, None, 'max', 'mean')
