"""DumpSegMasks (``tools/test.py --out DIR`` for mmseg configs): one PNG of
class indices per image, uint16 past 255 classes, no metric."""

import cv2
import numpy as np
import torch

from mmir.seg.evaluation.metrics import DumpSegMasks


def _sample(name, mask):
    return dict(
        img_path=f'/data/images/{name}.tif',
        pred_sem_seg=dict(data=torch.as_tensor(mask)[None]),
    )


def test_masks_written_per_image_stem(tmp_path):
    metric = DumpSegMasks(str(tmp_path / 'out'))
    small = np.array([[0, 1], [1, 2]])
    large = np.array([[0, 300], [7, 1]])
    metric.process({}, [_sample('a', small), _sample('b', large)])
    a = cv2.imread(str(tmp_path / 'out' / 'a.png'), cv2.IMREAD_UNCHANGED)
    b = cv2.imread(str(tmp_path / 'out' / 'b.png'), cv2.IMREAD_UNCHANGED)
    assert a.dtype == np.uint8 and np.array_equal(a, small)
    assert b.dtype == np.uint16 and np.array_equal(b, large)
    assert metric.results == ['a', 'b']
    assert metric.compute_metrics(metric.results) == {}
    # written atomically: no temporary file is left beside them
    assert sorted(p.name for p in (tmp_path / 'out').iterdir()) == [
        'a.png',
        'b.png',
    ]
