"""Predicted masks as PNG files (``tools/test.py --out DIR`` for mmseg
configs, as mmseg's own ``--out`` writes them)."""

from __future__ import annotations

import os.path as osp
from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np
from mmengine.evaluator import BaseMetric
from mmseg.registry import METRICS

from mmir.utils.fileio import atomic_file


@METRICS.register_module()
class DumpSegMasks(BaseMetric):
    """Write each sample's ``pred_sem_seg`` (class indices, at the
    original image size) as ``<out_dir>/<image stem>.png`` (uint8; uint16
    for more than 256 classes). Reports no metric."""

    def __init__(self, out_dir: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.out_dir = out_dir

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            mask = sample['pred_sem_seg']['data'].squeeze(0).cpu().numpy()
            dtype = np.uint8 if mask.max(initial=0) < 256 else np.uint16
            stem = osp.splitext(osp.basename(sample['img_path']))[0]
            with atomic_file(osp.join(self.out_dir, stem + '.png')) as tmp:
                cv2.imwrite(tmp, mask.astype(dtype))
            self.results.append(stem)

    def compute_metrics(self, results: list) -> dict:
        return {}
