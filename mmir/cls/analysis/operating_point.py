"""The decision threshold of a binary classifier for a target false-positive
rate, chosen on validation data, with its ROC and precision-recall curves
(Kim & Kwon, Appl. Sci. 2025, report precision, recall and false positives
on mine-free images: a deployed detector is run at a chosen false-alarm
rate)."""

from __future__ import annotations

import numpy as np

__all__ = ['operating_point']


def operating_point(
    labels: np.ndarray, scores: np.ndarray, target_fpr: float
) -> dict:
    """The threshold ``t`` (positive when ``score >= t``) with the highest
    true-positive rate among those whose false-positive rate on
    ``labels`` (0/1, ``(N,)``) and ``scores`` (``(N,)``, p(positive)) is at
    most ``target_fpr``; among equal TPRs the highest ``t``.

    Returns ``dict(threshold, fpr, tpr, precision, n_pos, n_neg, roc=dict(
    fpr, tpr, thresholds), pr=dict(precision, recall, thresholds), auc,
    average_precision)``. ``threshold`` is ``inf`` (nothing positive) when
    no finite threshold meets the target. Non-finite curve thresholds
    (the ROC's first point) are given as None, so the dict is plain JSON.
    """
    from sklearn.metrics import (
        average_precision_score,
        precision_recall_curve,
        roc_auc_score,
        roc_curve,
    )

    labels = np.asarray(labels).astype(int).reshape(-1)
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    if labels.shape != scores.shape:
        raise ValueError(
            f'{labels.shape[0]} labels but {scores.shape[0]} scores'
        )
    if not 0 <= target_fpr <= 1:
        raise ValueError(f'target_fpr must be in [0, 1], got {target_fpr}')
    n_pos, n_neg = int((labels == 1).sum()), int((labels == 0).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError(
            'choosing a threshold needs positives and negatives, got '
            f'{n_pos} positive and {n_neg} negative samples'
        )
    fpr, tpr, thresholds = roc_curve(labels, scores, drop_intermediate=False)
    ok = np.nonzero(fpr <= target_fpr + 1e-12)[0]
    best = ok[np.argmax(tpr[ok])]  # first (highest threshold) of the max
    threshold = float(thresholds[best])
    predicted = scores >= threshold
    tp = int((predicted & (labels == 1)).sum())
    precision = tp / max(int(predicted.sum()), 1)
    prec, rec, pr_thr = precision_recall_curve(labels, scores)
    return dict(
        threshold=threshold,
        fpr=float(fpr[best]),
        tpr=float(tpr[best]),
        precision=float(precision),
        n_pos=n_pos,
        n_neg=n_neg,
        target_fpr=float(target_fpr),
        auc=float(roc_auc_score(labels, scores)),
        average_precision=float(average_precision_score(labels, scores)),
        roc=dict(
            fpr=fpr.tolist(),
            tpr=tpr.tolist(),
            thresholds=[
                float(t) if np.isfinite(t) else None for t in thresholds
            ],
        ),
        pr=dict(
            precision=prec.tolist(),
            recall=rec.tolist(),
            thresholds=pr_thr.tolist(),
        ),
    )
