"""The threshold for a target false-positive rate, against a direct search
over every candidate threshold."""

import numpy as np
import pytest

from mmir.cls.analysis import operating_point


def direct(labels, scores, target):
    """(tpr, threshold) maximising recall with FPR <= target, by trying
    every score as the threshold (positive when score >= t)."""
    best = (0.0, np.inf)
    for t in sorted(set(scores), reverse=True):
        pred = scores >= t
        fpr = (pred & (labels == 0)).sum() / (labels == 0).sum()
        tpr = (pred & (labels == 1)).sum() / (labels == 1).sum()
        if fpr <= target and tpr > best[0]:
            best = (tpr, t)
    return best


@pytest.mark.parametrize('seed', range(5))
@pytest.mark.parametrize('target', [0.0, 0.05, 0.2, 0.5])
def test_threshold_equals_the_direct_search(seed, target):
    rng = np.random.default_rng(seed)
    labels = (rng.random(200) < 0.3).astype(int)
    # overlapping classes, with ties (scores rounded)
    scores = np.round(
        np.clip(0.3 * labels + rng.normal(0.4, 0.2, 200), 0, 1), 2
    )
    r = operating_point(labels, scores, target)
    tpr, t = direct(labels, scores, target)
    assert r['tpr'] == pytest.approx(tpr)
    assert r['threshold'] == t
    pred = scores >= r['threshold']
    assert r['fpr'] == pytest.approx(
        (pred & (labels == 0)).sum() / (labels == 0).sum()
    )
    assert r['fpr'] <= target
    assert r['precision'] == pytest.approx(
        (pred & (labels == 1)).sum() / max(pred.sum(), 1)
    )


def test_separable_scores_give_full_recall_at_zero_fpr():
    r = operating_point([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9], 0.0)
    assert (r['threshold'], r['fpr'], r['tpr'], r['auc']) == (0.7, 0, 1, 1)
    assert r['roc']['thresholds'][0] is None  # JSON-safe (no Infinity)


def test_one_class_only_is_refused():
    with pytest.raises(ValueError, match='0 negative'):
        operating_point([1, 1], [0.3, 0.6], 0.1)
    with pytest.raises(ValueError, match='2 labels but 3 scores'):
        operating_point([0, 1], [0.3, 0.6, 0.1], 0.1)
