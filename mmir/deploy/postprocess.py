"""Detections from the exported dim-target detector's outputs, in NumPy,
as :meth:`DimTargetHead.predict_by_feat` makes them in PyTorch: scores
above ``score_thr`` (one candidate per cell and class), the ``nms_pre``
best, class-wise NMS (mmcv's: boxes overlapping a better box of the same
class by more than ``iou_threshold`` are dropped), the ``max_per_img``
best."""

from __future__ import annotations

import numpy as np

__all__ = ['detections', 'nms']


def nms(
    boxes: np.ndarray, scores: np.ndarray, iou_threshold: float
) -> np.ndarray:
    """Indices kept by greedy NMS of ``boxes (N, 4)`` xyxy, best first.
    IoU with mmcv's pixel convention (``offset=0``: area = w * h)."""
    order = np.argsort(-scores, kind='stable')
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    keep = []
    while order.size:
        i = order[0]
        keep.append(i)
        rest = order[1:]
        w = np.clip(
            np.minimum(boxes[i, 2], boxes[rest, 2])
            - np.maximum(boxes[i, 0], boxes[rest, 0]),
            0,
            None,
        )
        h = np.clip(
            np.minimum(boxes[i, 3], boxes[rest, 3])
            - np.maximum(boxes[i, 1], boxes[rest, 1]),
            0,
            None,
        )
        inter = w * h
        iou = inter / np.maximum(areas[i] + areas[rest] - inter, 1e-12)
        order = rest[iou <= iou_threshold]
    return np.asarray(keep, dtype=np.int64)


def detections(
    boxes: np.ndarray,
    scores: np.ndarray,
    score_thr: float = 0.05,
    nms_pre: int = 1000,
    iou_threshold: float = 0.3,
    max_per_img: int = 100,
) -> dict[str, np.ndarray]:
    """``boxes (N, 4)`` and ``scores (N, C)`` of one image ->
    ``dict(bboxes (M, 4), scores (M,), labels (M,))``, best first."""
    cells, labels = np.nonzero(scores > score_thr)
    flat = scores[cells, labels]
    order = np.argsort(-flat, kind='stable')[:nms_pre]
    cells, labels, flat = cells[order], labels[order], flat[order]
    cand = boxes[cells]
    kept = []
    for label in np.unique(labels):
        idx = np.nonzero(labels == label)[0]
        kept.append(idx[nms(cand[idx], flat[idx], iou_threshold)])
    kept = np.concatenate(kept) if kept else np.zeros(0, np.int64)
    kept = kept[np.argsort(-flat[kept], kind='stable')][:max_per_img]
    return dict(
        bboxes=cand[kept].astype(np.float32),
        scores=flat[kept].astype(np.float32),
        labels=labels[kept].astype(np.int64),
    )
