"""Small-chip training around targets (Zhao et al. 2024, sec. III-A)."""

from collections.abc import Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RandomTargetChip(BaseTransform):
    """Small-chip training (Zhao et al. 2024, section III-A, Table 1): cut a
    ``size`` x ``size`` chip out of the frame, around a random labelled box
    (the box lies wholly inside, at a random place in the chip) or, with
    probability ``background_ratio`` or when the frame has no box, at a
    random place. Near the image borders the window is shifted inwards, so a
    chip always has the requested size; a frame smaller than ``size`` is
    padded with ``pad_val``. Boxes whose centre falls inside the chip are
    kept (clipped to it), the others dropped. Inference then runs on full
    frames (the network is fully convolutional).

    Args:
        size (int): chip side in pixels (the paper's 16, 32, 64, 80).
        background_ratio (float): share of chips placed at random.
        labels (Sequence[int], optional): classes a chip may centre on
            (default: every class, so interference is seen up close too).

    Modified keys: ``img``, ``img_shape``, ``gt_bboxes``,
    ``gt_bboxes_labels``, ``gt_ignore_flags``. Added: ``chip_offset``
    (x0, y0 of the chip in the frame).
    """

    def __init__(
        self,
        size: int,
        background_ratio: float = 0.25,
        labels: Sequence[int] | None = None,
        pad_val: int = 0,
    ):
        if int(size) <= 0:
            raise ValueError(f'size must be a positive int, got {size}')
        if not 0 <= background_ratio <= 1:
            raise ValueError(
                f'background_ratio must be in [0, 1], got {background_ratio}'
            )
        self.size = int(size)
        self.background_ratio = background_ratio
        self.labels = None if labels is None else set(labels)
        self.pad_val = pad_val

    def _window(self, boxes, labels, h, w):
        s = self.size
        pick = np.arange(len(labels))
        if self.labels is not None:
            pick = pick[np.isin(labels, list(self.labels))]
        if len(pick) and np.random.rand() >= self.background_ratio:
            x1, y1, x2, y2 = boxes[np.random.choice(pick)]
            # x0 so that [x0, x0 + s) holds [x1, x2], clamped to the frame
            lo_x, hi_x = np.ceil(x2) - s, np.floor(x1)
            lo_y, hi_y = np.ceil(y2) - s, np.floor(y1)
            if lo_x > hi_x:  # box wider than the chip: centre it
                lo_x = hi_x = np.floor((x1 + x2 - s) / 2)
            if lo_y > hi_y:
                lo_y = hi_y = np.floor((y1 + y2 - s) / 2)
            x0 = np.random.randint(int(lo_x), int(hi_x) + 1)
            y0 = np.random.randint(int(lo_y), int(hi_y) + 1)
        else:
            x0 = np.random.randint(0, max(w - s, 0) + 1)
            y0 = np.random.randint(0, max(h - s, 0) + 1)
        return (
            int(np.clip(x0, 0, max(w - s, 0))),
            int(np.clip(y0, 0, max(h - s, 0))),
        )

    def transform(self, results: dict) -> dict:
        img = results['img']
        h, w = img.shape[:2]
        s = self.size
        has_boxes = results.get('gt_bboxes') is not None
        boxes = (
            results['gt_bboxes'].numpy()
            if has_boxes
            else np.zeros((0, 4), np.float32)
        )
        labels = results.get('gt_bboxes_labels', np.zeros(0, np.int64))
        x0, y0 = self._window(boxes, labels, h, w)
        chip = img[y0 : y0 + s, x0 : x0 + s]
        if chip.shape[0] < s or chip.shape[1] < s:
            pad = [(0, s - chip.shape[0]), (0, s - chip.shape[1])] + [
                (0, 0)
            ] * (chip.ndim - 2)
            chip = np.pad(chip, pad, constant_values=self.pad_val)
        results['img'] = np.ascontiguousarray(chip)
        results['img_shape'] = chip.shape[:2]
        results['chip_offset'] = (x0, y0)
        if has_boxes:
            cx = (boxes[:, 0] + boxes[:, 2]) / 2 - x0
            cy = (boxes[:, 1] + boxes[:, 3]) / 2 - y0
            keep = (cx >= 0) & (cx < s) & (cy >= 0) & (cy < s)
            bboxes = results['gt_bboxes'][keep]
            bboxes.translate_([-x0, -y0])
            bboxes.clip_((s, s))
            results['gt_bboxes'] = bboxes
            for key in ('gt_bboxes_labels', 'gt_ignore_flags'):
                if key in results:
                    results[key] = results[key][keep]
        return results

    def __repr__(self) -> str:
        return (
            f'{self.__class__.__name__}(size={self.size}, '
            f'background_ratio={self.background_ratio}, '
            f'labels={self.labels})'
        )
