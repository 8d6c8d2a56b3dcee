"""Precision, recall and F1 of the positive class with the confusion counts
(Kim & Kwon, Appl. Sci. 2025, section 4.1)."""

from collections.abc import Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmpretrain.registry import METRICS

from mmir.experiments.kfold import confusion_matrix, prf_from_confusion


@METRICS.register_module()
class BinaryClassMetric(BaseMetric):
    """``precision = TP/(TP+FP)``, ``recall = TP/(TP+FN)``,
    ``f1 = 2PR/(P+R)`` of class ``positive`` (0 where undefined), and
    ``tp``, ``fp``, ``fn``, ``tn``, ``num_samples`` (as floats), so a results
    table can show them (e.g. false positives on a set of negatives, paper
    Tables 4, 6-8). mmpretrain's ``SingleLabelMetric(average=None)`` gives
    per-class lists instead; its ``ConfusionMatrix`` a tensor.

    Uses ``pred_label`` of each sample (set by the head's threshold).
    """

    default_prefix = 'binary'

    def __init__(
        self,
        positive: int = 1,
        collect_device: str = 'cpu',
        prefix: str | None = None,
    ) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.positive = positive

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            self.results.append(
                (
                    int(sample['gt_label'].reshape(-1)[0]),
                    int(sample['pred_label'].reshape(-1)[0]),
                )
            )

    def compute_metrics(self, results: list) -> dict[str, float]:
        if not results:
            return dict(num_samples=0.0)
        gt, pred = np.array(results).T
        num_classes = max(2, int(max(gt.max(), pred.max())) + 1)
        cm = confusion_matrix(gt, pred, num_classes)
        p = self.positive
        tp = int(cm[p, p])
        fp = int(cm[:, p].sum()) - tp
        fn = int(cm[p, :].sum()) - tp
        counts = dict(
            tp=tp,
            fp=fp,
            fn=fn,
            tn=int(cm.sum()) - tp - fp - fn,
            num_samples=int(cm.sum()),
        )
        # Floats: MMEngine writes int metrics as null in its result JSON.
        return dict(
            **prf_from_confusion(cm, p),
            **{k: float(v) for k, v in counts.items()},
        )
