"""Iterative training with hard examples (Zhao et al. 2024, section III-C):
detect on new, unlabelled sequences, propose false alarms and misses from
the trajectories, have them reviewed, and merge the accepted frames into
the next version of the training annotations."""

from __future__ import annotations

import copy
import csv
import json
import os
import os.path as osp
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import torch
from mmengine.dataset import pseudo_collate

from mmir.utils.fileio import atomic_output_dir, write_json_atomic
from mmir.utils.progress import progress
from mmir.utils.resume import RecordCache

from .annotation_versions import write_new_version
from .trajectories import hard_example_candidates, link_tracks

if TYPE_CHECKING:
    import torch.nn as nn
    from mmengine.config import Config
    from mmengine.dataset import BaseDataset

__all__ = [
    'detect_sequences',
    'mine_candidates',
    'oracle_review',
    'merge_hard_examples',
    'pool_dataset',
    'mine_pool',
    'write_candidates_review',
]


@torch.no_grad()
def detect_sequences(
    model: nn.Module,
    dataset: BaseDataset,
    score_thr: float = 0.5,
    label: int = 0,
    cache: str | None = None,
) -> list[dict]:
    """Detections of class ``label`` (every class when None; score >=
    ``score_thr``) on every sample of ``dataset``: a list of
    ``dict(img_id, img_path, video_id, frame_id, boxes (n, 4) xyxy,
    scores (n,), labels (n,))`` in dataset order. ``cache``: a
    :class:`~mmir.utils.resume.RecordCache` file; frames it holds are not
    run again (a killed run resumes)."""
    model.eval()
    records = []
    cache = RecordCache(
        cache, dict(samples=len(dataset), score_thr=score_thr, label=label)
    )
    arrays = dict(boxes=np.float64, scores=np.float64, labels=np.int64)
    for idx in progress(range(len(dataset)), 'hard examples', unit='image'):
        if idx in cache.done:
            record = dict(cache.done[idx])
            for key, dtype in arrays.items():
                record[key] = np.asarray(record[key], dtype).reshape(
                    (-1, 4) if key == 'boxes' else (-1,)
                )
            records.append(record)
            continue
        info = dataset.get_data_info(idx)
        pred = model.test_step(pseudo_collate([dataset[idx]]))[0]
        inst = pred.pred_instances
        keep = inst.scores >= score_thr
        if label is not None:
            keep &= inst.labels == label
        records.append(
            dict(
                img_id=info['img_id'],
                img_path=info['img_path'],
                video_id=info['video_id'],
                frame_id=info['frame_id'],
                boxes=inst.bboxes[keep].cpu().numpy().astype(np.float64),
                scores=inst.scores[keep].cpu().numpy().astype(np.float64),
                labels=inst.labels[keep].cpu().numpy().astype(np.int64),
            )
        )
        cache.append(
            idx,
            {
                k: v.tolist() if isinstance(v, np.ndarray) else v
                for k, v in records[-1].items()
            },
        )
    return records


def mine_candidates(
    records: Sequence[dict], max_distance: float = 8.0, max_gap: int = 1
) -> tuple[list[dict], list[dict]]:
    """False alarms and misses of :func:`detect_sequences` records, per
    sequence (:func:`hard_example_candidates`). Returns the candidates
    (with ``img_id``, ``img_path``, ``video_id`` of their frame) and, per
    image id, its detections with the length of the track each belongs
    to (``track_len``), for labelling an added frame."""
    by_video = defaultdict(dict)
    for r in records:
        by_video[r['video_id']][r['frame_id']] = r
    candidates, detections = [], {}
    for video_id in sorted(by_video):
        recs = by_video[video_id]
        frames = {t: r['boxes'] for t, r in recs.items()}
        scores = {t: r['scores'] for t, r in recs.items()}
        tracks = link_tracks(frames, max_distance, max_gap)
        for c in hard_example_candidates(frames, scores, tracks=tracks):
            r = recs[c['frame_id']]
            candidates.append(
                dict(
                    c,
                    img_id=r['img_id'],
                    img_path=r['img_path'],
                    video_id=video_id,
                )
            )
        for t, r in recs.items():
            dets = []
            for k, track in enumerate(tracks):
                if t in track:
                    i = track[t]
                    dets.append(
                        dict(
                            bbox=[float(v) for v in r['boxes'][i]],
                            score=float(r['scores'][i]),
                            track=k,
                            track_len=len(track),
                        )
                    )
            detections[r['img_id']] = dets
    return candidates, detections


def _targets_of(ann, image_id, target_category):
    boxes = [
        a['bbox']
        for a in ann.get('annotations', [])
        if a['image_id'] == image_id and a['category_id'] == target_category
    ]
    boxes = np.asarray(boxes, np.float64).reshape(-1, 4)
    return boxes[:, :2] + boxes[:, 2:] / 2


def _category_id(ann, name):
    for c in ann.get('categories', []):
        if c['name'] == name:
            return c['id']
    raise ValueError(
        f'no category {name!r} in the annotations '
        f'({[c["name"] for c in ann.get("categories", [])]})'
    )


def oracle_review(
    candidates: list[dict],
    oracle_ann: str | dict,
    match_distance: float = 3.0,
    target_class: str = 'target',
) -> list[dict]:
    """Stand-in for the paper's manual double-check where the labels of the
    new sequences are known (synthetic data): a false alarm is accepted
    when no labelled target's centre is within ``match_distance`` px of
    it, a miss when one is. Sets ``accept`` on every candidate (in place)
    and returns the candidates."""
    cat = _category_id(oracle_ann, target_class)
    for c in candidates:
        centres = _targets_of(oracle_ann, c['img_id'], cat)
        x1, y1, x2, y2 = c['bbox']
        near = (
            len(centres)
            and np.linalg.norm(
                centres - [(x1 + x2) / 2, (y1 + y2) / 2], axis=1
            ).min()
            <= match_distance
        )
        c['accept'] = bool(near) if c['type'] == 'miss' else not near
    return candidates


def merge_hard_examples(
    train_ann_file: str,
    pool_ann_file: str,
    candidates: Sequence[dict],
    detections: Sequence[dict] | None = None,
    labels_from: str | dict | None = None,
    false_alarm_class: str = 'interference',
    frame_offsets: Sequence[int] = (0, -1, -2, -3),
    min_track_len: int = 2,
) -> tuple[str, dict]:
    """Add the frames of the accepted ``candidates`` (``accept`` true) of
    the pool sequences to the training annotations and write them as the
    next version of ``train_ann_file`` (:func:`write_new_version`).

    An added frame keeps its pool video as a new video of the training set,
    with the frames ``frame_offsets`` before it added as ``context_only``
    images (they give F2..FN, they are not samples). Its labels: those of
    ``labels_from`` (an annotation file of the pool, e.g. the reviewer's)
    when given; otherwise the accepted misses as targets, the accepted
    false alarms as ``false_alarm_class`` (``None``: left unlabelled =
    background) and the frame's other detections on tracks of at least
    ``min_track_len`` frames (``detections`` from
    :func:`mine_candidates`) as targets. Returns ``(path, changes)``.
    """
    with open(train_ann_file) as f:
        train = json.load(f)
    with open(pool_ann_file) as f:
        pool = json.load(f)
    labelled = None
    if labels_from:
        with open(labels_from) as f:
            labelled = json.load(f)
    out = copy.deepcopy(train)
    out.setdefault('videos', [])
    out.setdefault('annotations', [])
    cats = {c['name']: c['id'] for c in out.get('categories', [])}
    pool_images = {img['id']: img for img in pool['images']}
    pool_frames = {
        (img['video_id'], img['frame_id']): img for img in pool['images']
    }
    pool_cat_name = {c['id']: c['name'] for c in pool.get('categories', [])}
    if labelled is not None:
        pool_cat_name.update(
            {c['id']: c['name'] for c in labelled.get('categories', [])}
        )
    # frames of this pool merged by an earlier version keep their ids
    pool_name = osp.basename(pool_ann_file)
    known, video_map = {}, {}
    for img in out['images']:
        if img.get('source_pool') == pool_name:
            src = pool_images.get(img.get('source_image_id'))
            if src is not None:
                known[src['id']] = img
                video_map[src['video_id']] = img['video_id']
    next_img = max([img['id'] for img in out['images']] + [0]) + 1
    next_ann = max([a['id'] for a in out['annotations']] + [0]) + 1
    next_video = (
        max(
            [v['id'] for v in out['videos']]
            + [img.get('video_id', 0) for img in out['images']]
            + [0]
        )
        + 1
    )
    accepted = defaultdict(list)
    for c in candidates:
        if c.get('accept'):
            accepted[c['img_id']].append(c)
    changes = dict(
        frames_added=0,
        context_frames=0,
        labels_added=0,
        false_alarms=0,
        misses=0,
    )

    def add_image(img, context_only):
        """-> (training image id, whether it needs labels now)"""
        nonlocal next_img, next_video
        if img['id'] in known:
            existing = known[img['id']]
            if context_only or not existing.get('context_only'):
                return existing['id'], False
            existing.pop('context_only')  # promoted to a labelled frame
            return existing['id'], True
        if img['video_id'] not in video_map:
            video_map[img['video_id']] = next_video
            out['videos'].append(
                dict(id=next_video, name=f'pool_{img["video_id"]}')
            )
            next_video += 1
        new = dict(
            img,
            id=next_img,
            video_id=video_map[img['video_id']],
            source_pool=pool_name,
            source_image_id=img['id'],
        )
        if context_only:
            new['context_only'] = True
        out['images'].append(new)
        known[img['id']] = new
        next_img += 1
        return new['id'], not context_only

    for img_id in sorted(accepted):
        img = pool_images[img_id]
        for off in frame_offsets[1:]:
            ctx = pool_frames.get((img['video_id'], img['frame_id'] + off))
            if ctx is not None and ctx['id'] not in known:
                add_image(ctx, True)
                changes['context_frames'] += 1
        new_id, needs_labels = add_image(img, False)
        if not needs_labels:
            continue
        changes['frames_added'] += 1
        if labelled is not None:
            boxes = [
                (pool_cat_name[a['category_id']], a['bbox'])
                for a in labelled.get('annotations', [])
                if a['image_id'] == img_id
            ]
        else:
            boxes = []
            for c in accepted[img_id]:
                name = 'target' if c['type'] == 'miss' else false_alarm_class
                if name:
                    boxes.append((name, _xywh(c['bbox'])))
            for d in (detections or {}).get(img_id, []):
                if d['track_len'] >= min_track_len:
                    boxes.append(('target', _xywh(d['bbox'])))
        for c in accepted[img_id]:
            changes['misses' if c['type'] == 'miss' else 'false_alarms'] += 1
        for name, box in boxes:
            if name not in cats:
                raise ValueError(
                    f'class {name!r} is not in '
                    f'{train_ann_file} ({sorted(cats)})'
                )
            out['annotations'].append(
                dict(
                    id=next_ann,
                    image_id=new_id,
                    video_id=video_map.get(img['video_id']),
                    category_id=cats[name],
                    bbox=[float(v) for v in box],
                    area=float(box[2] * box[3]),
                    iscrowd=0,
                )
            )
            next_ann += 1
            changes['labels_added'] += 1
    path = write_new_version(
        out, train_ann_file, f'hard examples from {pool_ann_file}', changes
    )
    return path, changes


def pool_dataset(cfg: Config, pool: str) -> BaseDataset:
    """The config's test dataset on the ``pool`` annotation file."""
    from mmdet.registry import DATASETS

    ds_cfg = copy.deepcopy(cfg.test_dataloader.dataset)
    ds_cfg.update(ann_file=pool, test_mode=True)
    return DATASETS.build(ds_cfg)


def mine_pool(
    cfg: Config,
    checkpoint: str,
    pool: str,
    score_thr: float = 0.5,
    max_distance: float = 8.0,
    max_gap: int = 1,
    oracle: str | None = None,
    match_distance: float = 3.0,
    device: str = 'cpu',
    cache: str | None = None,
) -> tuple[list[dict], list[dict], str]:
    """``(candidates, detections, pool_path)`` of ``pool`` with the model
    of ``cfg`` + ``checkpoint`` (``accept`` set from ``oracle`` if
    given); ``cache``: see :func:`detect_sequences`."""
    from mmengine.registry import DefaultScope

    from mmir.utils.model_loading import load_model

    with DefaultScope.overwrite_default_scope('mmdet'):
        model = load_model(cfg, checkpoint, device)
        dataset = pool_dataset(cfg, pool)
        records = detect_sequences(model, dataset, score_thr, cache=cache)
    candidates, detections = mine_candidates(records, max_distance, max_gap)
    if oracle:
        if not osp.isabs(oracle):  # like ann_file: under the data root
            oracle = osp.join(dataset.data_root or '', oracle)
        with open(oracle) as f:
            oracle_review(candidates, json.load(f), match_distance)
    return candidates, detections, dataset.ann_file


def write_candidates_review(
    out_dir: str,
    manifest: dict,
    candidates: Sequence[dict],
    detections: Sequence[dict],
    crop_side: int = 32,
    overwrite: bool = False,
) -> bool:
    """Write ``candidates.csv`` (with an ``accept`` column: yes / no,
    filled if the candidates were reviewed by :func:`oracle_review`),
    ``candidates.json`` (candidates and every frame's linked detections)
    and ``crops/`` to ``out_dir`` atomically; ``False`` if ``out_dir``
    already holds the same ``manifest``."""
    import cv2

    from .review_crops import crop_around

    with atomic_output_dir(out_dir, manifest, overwrite) as tmp:
        if tmp is None:
            return False
        os.makedirs(osp.join(tmp, 'crops'))
        rows = []
        for k, c in enumerate(candidates):
            c['id'] = k
            x1, y1, x2, y2 = c['bbox']
            crop = f'crops/{c["type"]}_{k}.png'
            cv2.imwrite(
                osp.join(tmp, crop),
                crop_around(
                    c['img_path'],
                    (x1 + x2) / 2,
                    (y1 + y2) / 2,
                    crop_side,
                    c['bbox'],
                    (0, 0, 255)
                    if c['type'] == 'false_alarm'
                    else (0, 255, 255),
                ),
            )
            accept = c.get('accept')
            rows.append(
                (
                    k,
                    c['type'],
                    c['img_id'],
                    c['img_path'],
                    c['video_id'],
                    c['frame_id'],
                    round(x1, 2),
                    round(y1, 2),
                    round(x2 - x1, 2),
                    round(y2 - y1, 2),
                    '' if c['score'] is None else round(c['score'], 4),
                    crop,
                    '' if accept is None else ('yes' if accept else 'no'),
                )
            )
        with open(osp.join(tmp, 'candidates.csv'), 'w', newline='') as f:
            writer = csv.writer(f)
            writer.writerow(
                (
                    'id',
                    'type',
                    'image_id',
                    'img_path',
                    'video_id',
                    'frame_id',
                    'x',
                    'y',
                    'w',
                    'h',
                    'score',
                    'crop',
                    'accept',
                )
            )
            writer.writerows(rows)
        write_json_atomic(
            dict(
                candidates=candidates,
                detections={str(k): v for k, v in detections.items()},
            ),
            osp.join(tmp, 'candidates.json'),
        )
    return True


def _xywh(box):
    x1, y1, x2, y2 = box
    return [x1, y1, x2 - x1, y2 - y1]
