"""Video COCO frame sequences of dim small targets (Zhao et al. 2024)."""

import os.path as osp
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from mmdet.datasets import BaseDetDataset
from mmdet.registry import DATASETS
from mmengine.fileio import load

from mmir.datasets.annotation_checks import check_box
from mmir.datasets.synthetic.ir_sequence import CLASSES


@DATASETS.register_module()
class IRSequenceDataset(BaseDetDataset):
    """Dim small IR targets in frame sequences (Zhao et al., IEEE Access
    2024): one sample per key frame F1 with the frames ``frame_offsets``
    away from it (default F1 = t, F2..F4 = t-1, t-2, t-3) and the key
    frame's boxes of two classes, ``target`` and ``interference``.

    The annotation file is mmdet's video COCO layout: ``images`` with
    ``id``, ``file_name``, ``video_id``, ``frame_id`` (``height``, ``width``,
    ``bit_depth`` optional), ``annotations`` with ``image_id``,
    ``category_id``, ``bbox`` (x, y, w, h) and optionally ``instance_id``,
    ``categories`` naming the classes. A file without ``annotations`` (new,
    unlabelled sequences) gives samples without instances. Images marked
    ``"context_only": true`` (the frames before a key frame added by the
    hard-example loop, not labelled themselves) serve as F2..FN only.

    Args:
        frame_offsets (Sequence[int]): frame-id offsets of F1..FN from the
            key frame; the first must be 0.
        edge (str): key frames whose other frames fall outside their
            sequence are ``'skip'``-ped, or ``'replicate'`` the nearest
            frame of the sequence.
    """

    METAINFO = dict(classes=CLASSES, palette=[(220, 20, 60), (0, 200, 255)])

    def __init__(
        self,
        *args: Any,
        frame_offsets: Sequence[int] = (0, -1, -2, -3),
        edge: str = 'skip',
        **kwargs: Any,
    ):
        frame_offsets = tuple(int(o) for o in frame_offsets)
        if not frame_offsets or frame_offsets[0] != 0:
            raise ValueError(
                f'frame_offsets must start with 0 (the key '
                f'frame F1), got {frame_offsets}'
            )
        if edge not in ('skip', 'replicate'):
            raise ValueError(
                f"edge must be 'skip' or 'replicate', got {edge!r}"
            )
        self.frame_offsets = frame_offsets
        self.edge = edge
        super().__init__(*args, **kwargs)

    def load_data_list(self) -> list[dict]:
        ann_file = self.ann_file
        raw = load(ann_file, backend_args=self.backend_args)
        if not isinstance(raw, dict) or 'images' not in raw:
            raise ValueError(
                f'{ann_file}: expected a video COCO json with '
                f'"images" (and "annotations", "categories")'
            )
        label_of = self._category_labels(raw, ann_file)
        videos = defaultdict(dict)
        for k, img in enumerate(raw['images']):
            for field in ('id', 'file_name', 'video_id', 'frame_id'):
                if field not in img:
                    raise ValueError(
                        f'{ann_file}: images[{k}] has no "{field}"'
                    )
            if img['frame_id'] in videos[img['video_id']]:
                raise ValueError(
                    f'{ann_file}: video {img["video_id"]} has frame_id '
                    f'{img["frame_id"]} twice'
                )
            videos[img['video_id']][img['frame_id']] = img
        images = {img['id']: img for img in raw['images']}
        anns = defaultdict(list)
        for k, ann in enumerate(raw.get('annotations', [])):
            for field in ('image_id', 'category_id', 'bbox'):
                if field not in ann:
                    raise ValueError(
                        f'{ann_file}: annotations[{k}] has no "{field}"'
                    )
            image = images.get(ann['image_id'], {})
            check_box(
                ann_file,
                f'annotations[{k}] (id {ann.get("id")}) of frame '
                f'{image.get("file_name", ann["image_id"])}',
                ann['bbox'],
                image.get('width'),
                image.get('height'),
            )
            anns[ann['image_id']].append(ann)
        img_root = self.data_prefix.get('img', '')
        data_list = []
        for video_id in sorted(videos):
            frames = videos[video_id]
            ids = sorted(frames)
            for frame_id in ids:
                img = frames[frame_id]
                if img.get('context_only'):
                    continue
                wanted = [frame_id + o for o in self.frame_offsets]
                if any(f not in frames for f in wanted):
                    if self.edge == 'skip':
                        continue
                    wanted = [
                        min(ids, key=lambda i: (abs(i - f), i)) for f in wanted
                    ]
                instances = []
                for ann in anns[img['id']]:
                    if ann['category_id'] not in label_of:
                        raise ValueError(
                            f'{ann_file}: annotation {ann.get("id")} has '
                            f'category_id {ann["category_id"]}, not one of '
                            f'{sorted(label_of)}'
                        )
                    x, y, w, h = ann['bbox']
                    if w <= 0 or h <= 0:
                        continue
                    instances.append(
                        dict(
                            bbox=[x, y, x + w, y + h],
                            bbox_label=label_of[ann['category_id']],
                            ignore_flag=int(ann.get('iscrowd', 0)),
                            instance_id=ann.get('instance_id', -1),
                            ann_id=ann.get('id', -1),
                        )
                    )
                data_list.append(
                    dict(
                        img_path=osp.join(img_root, img['file_name']),
                        img_paths=[
                            osp.join(img_root, frames[f]['file_name'])
                            for f in wanted
                        ],
                        img_id=img['id'],
                        video_id=video_id,
                        frame_id=frame_id,
                        height=img.get('height'),
                        width=img.get('width'),
                        bit_depth=img.get('bit_depth'),
                        instances=instances,
                    )
                )
        return data_list

    def _category_labels(self, raw, ann_file):
        """category id -> index into ``metainfo['classes']`` (by name)."""
        classes = list(self.metainfo['classes'])
        cats = raw.get('categories')
        if not cats:
            return {k + 1: k for k in range(len(classes))}
        label_of = {}
        for cat in cats:
            if cat.get('name') not in classes:
                raise ValueError(
                    f'{ann_file}: category {cat.get("name")!r} is not one '
                    f'of the dataset classes {classes}'
                )
            label_of[cat['id']] = classes.index(cat['name'])
        return label_of

    def filter_data(self) -> list[dict]:
        """Drop frames without boxes when ``filter_cfg.filter_empty_gt``
        (training only); background frames are kept by default."""
        if (
            self.test_mode
            or not self.filter_cfg
            or not self.filter_cfg.get('filter_empty_gt', False)
        ):
            return self.data_list
        return [d for d in self.data_list if d['instances']]
