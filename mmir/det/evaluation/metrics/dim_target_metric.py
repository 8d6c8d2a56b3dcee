"""Target precision, recall, F1 by centre distance (Zhao et al. 2024, eqs.
5-7)."""

from collections.abc import Sequence

import numpy as np
from mmdet.registry import METRICS
from mmengine.evaluator import BaseMetric


def match_detections(
    pred_boxes: np.ndarray,
    pred_scores: np.ndarray,
    gt_boxes: np.ndarray,
    rule: str = 'distance',
    max_distance: float = 3.0,
    iou_thr: float = 0.1,
) -> tuple[int, int, int, list[tuple[int, int]]]:
    """Greedy one-to-one matching for tiny boxes: detections in descending
    score take the closest (``'distance'``: centre distance in pixels
    <= ``max_distance``) or most overlapping (``'iou'``: IoU >=
    ``iou_thr``) unmatched ground truth.

    Returns ``(tp, fp, fn, matched)``; ``matched[k]`` is the ground-truth
    index of detection ``k`` or -1.
    """
    pred_boxes = np.asarray(pred_boxes, np.float64).reshape(-1, 4)
    gt_boxes = np.asarray(gt_boxes, np.float64).reshape(-1, 4)
    order = np.argsort(-np.asarray(pred_scores, np.float64), kind='stable')
    matched = np.full(len(pred_boxes), -1)
    if len(pred_boxes) and len(gt_boxes):
        if rule == 'distance':
            pc = (pred_boxes[:, :2] + pred_boxes[:, 2:]) / 2
            gc = (gt_boxes[:, :2] + gt_boxes[:, 2:]) / 2
            cost = np.linalg.norm(pc[:, None] - gc[None], axis=2)
            ok = cost <= max_distance
        elif rule == 'iou':
            lt = np.maximum(pred_boxes[:, None, :2], gt_boxes[None, :, :2])
            rb = np.minimum(pred_boxes[:, None, 2:], gt_boxes[None, :, 2:])
            inter = np.prod(np.clip(rb - lt, 0, None), axis=2)
            area_p = np.prod(pred_boxes[:, 2:] - pred_boxes[:, :2], axis=1)
            area_g = np.prod(gt_boxes[:, 2:] - gt_boxes[:, :2], axis=1)
            iou = inter / np.maximum(
                area_p[:, None] + area_g[None] - inter, 1e-12
            )
            cost, ok = -iou, iou >= iou_thr
        else:
            raise ValueError(f"rule must be 'distance' or 'iou', got {rule!r}")
        taken = np.zeros(len(gt_boxes), bool)
        for k in order:
            cand = np.flatnonzero(ok[k] & ~taken)
            if len(cand):
                g = cand[np.argmin(cost[k, cand])]
                taken[g] = True
                matched[k] = g
    tp = int((matched >= 0).sum())
    return tp, len(pred_boxes) - tp, len(gt_boxes) - tp, matched


def precision_recall_f1(
    tp: float, fp: float, fn: float
) -> tuple[float, float, float]:
    """Zhao et al. 2024 eqs. (5)-(7); 0 where a denominator is 0."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


@METRICS.register_module()
class DimTargetMetric(BaseMetric):
    """Precision, recall and F1 of one class (default ``target``) for dim
    small targets (Zhao et al. 2024, eqs. 5-7), counting TP / FP / FN over
    the whole test set after :func:`match_detections` with a rule suited
    to 3x3-pixel boxes (centre distance, or a small IoU).

    Detections of the class with score >= ``score_thr`` count; boxes of
    the other classes (interference) are neither predictions nor ground
    truth of the metric. The test pipeline must load the annotations.
    Reports ``dim/precision``, ``dim/recall``, ``dim/f1`` (and
    ``dim/tp``, ``dim/fp``, ``dim/fn``).
    """

    default_prefix = 'dim'

    def __init__(
        self,
        label: int = 0,
        score_thr: float = 0.5,
        rule: str = 'distance',
        max_distance: float = 3.0,
        iou_thr: float = 0.1,
        collect_device: str = 'cpu',
        prefix: str | None = None,
    ):
        super().__init__(collect_device=collect_device, prefix=prefix)
        if rule not in ('distance', 'iou'):
            raise ValueError(f"rule must be 'distance' or 'iou', got {rule!r}")
        self.label = label
        self.score_thr = score_thr
        self.rule = rule
        self.max_distance = max_distance
        self.iou_thr = iou_thr

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            pred = sample['pred_instances']
            if 'gt_instances' not in sample:
                raise KeyError(
                    'DimTargetMetric needs the ground truth: add '
                    'LoadAnnotations to the test pipeline'
                )
            gt = sample['gt_instances']
            keep = (pred['labels'] == self.label) & (
                pred['scores'] >= self.score_thr
            )
            boxes = pred['bboxes'][keep].cpu().numpy()
            scores = pred['scores'][keep].cpu().numpy()
            gt_keep = (gt['labels'] == self.label).cpu().numpy()
            gt_boxes = gt['bboxes']
            gt_boxes = getattr(gt_boxes, 'tensor', gt_boxes).cpu().numpy()
            tp, fp, fn, _ = match_detections(
                boxes,
                scores,
                gt_boxes[gt_keep],
                self.rule,
                self.max_distance,
                self.iou_thr,
            )
            self.results.append((tp, fp, fn))

    def compute_metrics(self, results: list) -> dict[str, float]:
        tp, fp, fn = (int(sum(r[k] for r in results)) for k in range(3))
        p, r, f1 = precision_recall_f1(tp, fp, fn)
        # counts as floats: MMEngine's json log writes Python ints as null
        return dict(
            precision=p,
            recall=r,
            f1=f1,
            tp=float(tp),
            fp=float(fp),
            fn=float(fn),
        )
