"""NumPy post-processing of the exported detector against mmdet/mmcv's
(``filter_scores_and_topk`` + ``batched_nms``) on the same candidates."""

import numpy as np
import pytest
import torch

from mmir.deploy import detections, nms


def random_candidates(n=300, classes=2, seed=0):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 60, (n, 2))
    wh = rng.uniform(2, 12, (n, 2))
    boxes = np.concatenate([xy, xy + wh], 1).astype(np.float32)
    scores = rng.uniform(0, 1, (n, classes)).astype(np.float32)
    return boxes, scores


def mmdet_reference(boxes, scores, score_thr, nms_pre, iou, max_per_img):
    from mmcv.ops import batched_nms
    from mmdet.models.utils import filter_scores_and_topk

    s, labels, _, kept = filter_scores_and_topk(
        torch.from_numpy(scores),
        score_thr,
        nms_pre,
        dict(bboxes=torch.from_numpy(boxes)),
    )
    dets, keep = batched_nms(
        kept['bboxes'], s, labels, dict(type='nms', iou_threshold=iou)
    )
    return (
        dets[:max_per_img, :4].numpy(),
        dets[:max_per_img, 4].numpy(),
        labels[keep][:max_per_img].numpy(),
    )


@pytest.mark.parametrize(
    'score_thr,nms_pre,iou,max_per_img',
    [(0.05, 1000, 0.3, 100), (0.5, 50, 0.5, 20), (0.9, 1000, 0.1, 5)],
)
def test_detections_equal_mmdet(score_thr, nms_pre, iou, max_per_img):
    boxes, scores = random_candidates()
    ours = detections(boxes, scores, score_thr, nms_pre, iou, max_per_img)
    ref_boxes, ref_scores, ref_labels = mmdet_reference(
        boxes, scores, score_thr, nms_pre, iou, max_per_img
    )
    assert len(ours['scores']) == len(ref_scores) > 0
    np.testing.assert_allclose(ours['scores'], ref_scores, atol=1e-6)
    np.testing.assert_allclose(ours['bboxes'], ref_boxes, atol=1e-5)
    np.testing.assert_array_equal(ours['labels'], ref_labels)


def test_nothing_above_threshold_gives_empty_arrays():
    boxes, scores = random_candidates(n=10)
    out = detections(boxes, scores * 0, score_thr=0.05)
    assert out['bboxes'].shape == (0, 4)
    assert out['scores'].shape == out['labels'].shape == (0,)


def test_nms_keeps_a_box_at_the_threshold_and_drops_one_above():
    # IoU of the second with the first: 50 / 150 = 1/3
    boxes = np.array([[0, 0, 10, 10], [5, 0, 15, 10], [30, 30, 40, 40]], float)
    scores = np.array([0.9, 0.8, 0.7])
    assert nms(boxes, scores, 1 / 3).tolist() == [0, 1, 2]
    assert nms(boxes, scores, 0.3).tolist() == [0, 2]
    # degenerate (zero-area) boxes do not divide by zero
    flat = np.array([[0, 0, 0, 0], [0, 0, 0, 0]], float)
    assert nms(flat, np.array([0.5, 0.4]), 0.3).tolist() == [0, 1]
