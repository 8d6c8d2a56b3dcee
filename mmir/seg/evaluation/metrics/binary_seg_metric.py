"""Pixel metrics of a binary segmentation (He et al., MRIFE, eqs. 9-14)."""

from collections import OrderedDict
from typing import Any

import numpy as np
from mmseg.evaluation.metrics import IoUMetric
from mmseg.registry import METRICS


@METRICS.register_module()
class BinarySegMetric(IoUMetric):
    """PA, precision, recall, F1 and IoU of the positive class, and mIoU,
    from pixel counts summed over the whole evaluation set::

        PA = (TP + TN) / (TP + FP + TN + FN)                 eq. 9
        Precision = TP / (TP + FP),  Recall = TP / (TP + FN)  eqs. 10-11
        lIoU = TP / (TP + FP + FN)                            eq. 12
        mIoU = (lIoU + TN / (TN + FN + FP)) / 2               eq. 13
        F1 = 2 P R / (P + R)                                  eq. 14

    Values are percentages rounded to 2 decimals, as mmseg's ``IoUMetric``
    reports (the paper's 0.3934 is 39.34 here). Precision, recall and F1 with
    a zero denominator are 0 (scikit-learn's convention: no landslide pixel
    predicted gives precision 0, not NaN); an IoU of 0/0 is NaN unless
    ``nan_to_num`` is set. mmseg's per-class table is still logged.

    Args:
        positive_index (int): label of the positive (landslide) class.
    """

    def __init__(self, positive_index: int = 1, **kwargs: Any) -> None:
        kwargs.setdefault('iou_metrics', ['mIoU', 'mFscore'])
        super().__init__(**kwargs)
        self.positive_index = positive_index

    def compute_metrics(self, results: list) -> dict:
        num_classes = len(self.dataset_meta['classes'])
        if num_classes != 2:
            raise ValueError(
                'BinarySegMetric needs a two-class dataset, got '
                f'classes={self.dataset_meta["classes"]}'
            )
        super().compute_metrics(results)  # logs mmseg's per-class table
        inter, _, pred, label = (
            sum(r[i] for r in results).double().numpy() for i in range(4)
        )
        p = self.positive_index
        n = 1 - p
        tp = inter[p]
        fp = pred[p] - tp
        fn = label[p] - tp
        tn = inter[n]

        def div(a, b):
            with np.errstate(divide='ignore', invalid='ignore'):
                return float(np.float64(a) / np.float64(b))

        precision = div(tp, tp + fp) if tp + fp else 0.0
        recall = div(tp, tp + fn) if tp + fn else 0.0
        liou = div(tp, tp + fp + fn)
        values = OrderedDict(
            PA=div(tp + tn, tp + fp + tn + fn),
            Precision=precision,
            Recall=recall,
            F1=div(2 * precision * recall, precision + recall)
            if precision + recall
            else 0.0,
            lIoU=liou,
            mIoU=(liou + div(tn, tn + fn + fp)) / 2,
        )
        out = OrderedDict()
        for key, val in values.items():
            if self.nan_to_num is not None and np.isnan(val):
                val = float(self.nan_to_num)
            out[key] = round(val * 100, 2)
        return out
