"""Streaming inference of the dim-target detector on a frame sequence
(Zhao et al. 2024): a folder of frames or a video in; per-frame detections,
trajectories and an annotated video out.

Frames are read one at a time and only the window the network needs is
held (``1 - min(frame_offsets)`` frames). Each key frame goes through the
config's test pipeline after its loading steps (the differential input of
eq. 1 with the config's normalisation), then through the PyTorch model or
its ONNX export (``tools/deployment/export_onnx.py``; NMS by
:func:`mmir.deploy.detections`). Detections are linked into trajectories
as they come (:class:`~mmir.det.curation.TrackLinker`, per class).
"""

from __future__ import annotations

import collections
import copy
import os.path as osp
import time
from collections.abc import Iterator
from typing import Any

import cv2
import numpy as np

from mmir.datasets.image_files import files_in
from mmir.datasets.thermal import stretch_to_uint8

__all__ = ['SequenceInferencer', 'read_frames']

FRAME_SUFFIXES = ('.png', '.tif', '.tiff', '.bmp', '.jpg', '.jpeg')
LOADING = ('LoadSequenceFrames', 'LoadChipFrames', 'LoadAnnotations')


def _gray(frame: np.ndarray, where: str) -> np.ndarray:
    if frame.ndim == 3 and frame.shape[2] in (3, 4):
        return cv2.cvtColor(frame[..., :3], cv2.COLOR_BGR2GRAY)
    if frame.ndim != 2:
        raise ValueError(
            f'{where}: expected a single-channel (or BGR) frame, got shape '
            f'{frame.shape}'
        )
    return frame


def count_frames(source: str) -> int | None:
    """Frames :func:`read_frames` will give (None when a video does not
    say)."""
    if osp.isdir(source):
        return len(files_in(source, FRAME_SUFFIXES))
    cap = cv2.VideoCapture(source)
    n = int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) if cap.isOpened() else 0
    cap.release()
    return n or None


def read_frames(source: str) -> Iterator[tuple[str, np.ndarray]]:
    """``(name, frame)`` of each frame of ``source``, in order: a folder of
    images (8- or 16-bit, natural order of the file names: ``2.png`` before
    ``10.png``) or a video file (converted to gray). Frames are read one at
    a time."""
    if osp.isdir(source):
        names = files_in(source, FRAME_SUFFIXES)
        if not names:
            raise FileNotFoundError(
                f'{source}: no frames ({", ".join(FRAME_SUFFIXES)})'
            )
        for name in names:
            path = osp.join(source, name)
            frame = cv2.imread(path, cv2.IMREAD_UNCHANGED)
            if frame is None:
                raise ValueError(f'{path}: not a readable image')
            yield name, _gray(frame, path)
        return
    if not osp.isfile(source):
        raise FileNotFoundError(f'{source}: no such folder or video file')
    cap = cv2.VideoCapture(source)
    if not cap.isOpened():
        raise ValueError(f'{source}: not a video OpenCV can read')
    stem = osp.splitext(osp.basename(source))[0]
    try:
        index = 0
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            yield f'{stem}:{index:06d}', _gray(frame, source)
            index += 1
    finally:
        cap.release()
    if index == 0:
        raise ValueError(f'{source}: a video without frames')


class SequenceInferencer:
    """The dim-target detector of ``config`` + ``checkpoint`` (or its
    ``onnx`` export) applied to frame sequences.

    Args:
        config (str): the training config (test pipeline, frame offsets,
            ``model.test_cfg``).
        checkpoint (str): its checkpoint.
        onnx (str, optional): an export of the same model to run instead.
        score_thr (float, optional): overrides ``test_cfg.score_thr``.
        device (str): torch device of the PyTorch model.
    """

    def __init__(
        self,
        config: str,
        checkpoint: str,
        onnx: str | None = None,
        score_thr: float | None = None,
        device: str = 'cpu',
        cfg_options: dict | None = None,
    ) -> None:
        from mmcv.transforms import Compose
        from mmengine.registry import DefaultScope

        import mmir.det  # noqa: F401
        from mmir.det.datasets.ir_sequence import IRSequenceDataset
        from mmir.utils.config_check import (
            dataset_with_test_pipeline,
            load_config,
        )
        from mmir.utils.model_loading import load_model

        cfg = load_config(config, cfg_options)
        dataset = dataset_with_test_pipeline(cfg)
        self.offsets = tuple(
            int(o) for o in dataset.get('frame_offsets', (0,))
        )
        if any(o > 0 for o in self.offsets):
            raise ValueError(
                f'{config}: frame_offsets {self.offsets} look ahead; '
                'streaming inference needs offsets <= 0'
            )
        self.edge = dataset.get('edge', 'skip')
        self.classes = tuple(
            (dataset.get('metainfo') or {}).get('classes')
            or IRSequenceDataset.METAINFO['classes']
        )
        self.test_cfg = copy.deepcopy(cfg.model.test_cfg)
        if score_thr is not None:
            self.test_cfg.score_thr = score_thr
        with DefaultScope.overwrite_default_scope('mmdet'):
            self.pipeline = Compose(
                [t for t in dataset.pipeline if t['type'] not in LOADING]
            )
            self.model = load_model(cfg, checkpoint, device)
        self.model.bbox_head.test_cfg = self.test_cfg
        self.session = None
        if onnx:
            from mmir.deploy import onnx_session

            self.session = onnx_session(onnx)

    @property
    def window(self) -> int:
        """Frames held: the key frame and the ones before it."""
        return 1 - min(self.offsets)

    def frame_input(self, frames: list[np.ndarray], t: int) -> dict:
        """The test pipeline's output for key frame ``t`` of ``frames``
        (the last :attr:`window` frames, frame ``t`` last)."""
        first = t - len(frames) + 1
        picked = []
        for o in self.offsets:
            f = t + o
            if f < first:
                f = first  # only at the start: replicate the first frame
            picked.append(frames[f - first])
        img = np.stack(picked, axis=-1).astype(np.float32)
        h, w = img.shape[:2]
        results = dict(
            img=img,
            img_shape=(h, w),
            ori_shape=(h, w),
            img_id=t,
            img_path=str(t),
            video_id=0,
            frame_id=t,
            scale_factor=(1.0, 1.0),
            instances=[],
        )
        return self.pipeline(results)

    def detect(self, packed: dict) -> dict[str, np.ndarray]:
        """``dict(bboxes (n, 4), scores (n,), labels (n,))`` of one key
        frame."""
        import torch

        if self.session is not None:
            from mmir.deploy import detections

            x = packed['inputs'].float().numpy()[None]
            boxes, scores = self.session.run(None, {'inputs': x})
            cfg = self.test_cfg
            return detections(
                boxes[0],
                scores[0],
                cfg.get('score_thr', 0.05),
                cfg.get('nms_pre', 1000),
                cfg.nms.iou_threshold,
                cfg.get('max_per_img', 100),
            )
        with torch.no_grad():
            pred = self.model.test_step(
                dict(
                    inputs=[packed['inputs']],
                    data_samples=[packed['data_samples']],
                )
            )[0].pred_instances
        return dict(
            bboxes=pred.bboxes.cpu().numpy(),
            scores=pred.scores.cpu().numpy(),
            labels=pred.labels.cpu().numpy(),
        )

    def __call__(
        self,
        source: str,
        out_dir: str | None = None,
        video: bool = True,
        fps: float = 10.0,
        max_distance: float = 8.0,
        max_gap: int = 1,
        tail: int = 15,
        progress: bool = True,
    ) -> dict[str, Any]:
        """Detect and track in ``source``; with ``out_dir``, write
        ``detections.json`` (COCO: images, annotations with ``score`` and
        ``track_id``, categories), ``tracks.json`` and, with ``video``,
        ``detections.mp4``. Returns the COCO dict, the tracks and timing."""
        from mmir.det.curation import TrackLinker

        total = count_frames(source)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=total, unit='frame', desc='dim-target')
        linkers = {
            c: TrackLinker(max_distance, max_gap)
            for c in range(len(self.classes))
        }
        images, anns, track_ids = [], [], {}
        tracks: dict[int, dict] = {}
        window = collections.deque(maxlen=self.window)
        history = collections.defaultdict(
            lambda: collections.deque(maxlen=tail)
        )
        writer, video_path = None, None
        model_time, start = 0.0, time.perf_counter()
        try:
            for t, (name, frame) in enumerate(read_frames(source)):
                if window and frame.shape != window[-1].shape:
                    raise ValueError(
                        f'{source}: frame {name} is {frame.shape}, the frames '
                        f'before it {window[-1].shape}; expected one size'
                    )
                window.append(frame)
                h, w = frame.shape
                images.append(
                    dict(id=t, file_name=name, frame_id=t, width=w, height=h)
                )
                skipped = t + min(self.offsets) < 0 and self.edge == 'skip'
                det = dict(
                    bboxes=np.zeros((0, 4), np.float32),
                    scores=np.zeros(0, np.float32),
                    labels=np.zeros(0, np.int64),
                )
                if skipped:
                    images[-1]['skipped'] = True
                else:
                    tic = time.perf_counter()
                    det = self.detect(self.frame_input(list(window), t))
                    model_time += time.perf_counter() - tic
                owners = np.full(len(det['scores']), -1)
                if not skipped:
                    for c, linker in linkers.items():
                        idx = np.nonzero(det['labels'] == c)[0]
                        for i, k in zip(
                            idx, linker.update(t, det['bboxes'][idx])
                        ):
                            key = (c, k)
                            if key not in track_ids:
                                track_ids[key] = len(track_ids)
                                tracks[track_ids[key]] = dict(
                                    track_id=track_ids[key],
                                    category=self.classes[c],
                                    frames=[],
                                )
                            owners[i] = track_ids[key]
                            x1, y1, x2, y2 = (
                                float(v) for v in det['bboxes'][i]
                            )
                            tracks[owners[i]]['frames'].append(
                                dict(
                                    frame_id=t,
                                    bbox=[x1, y1, x2, y2],
                                    score=float(det['scores'][i]),
                                )
                            )
                for i in range(len(det['scores'])):
                    x1, y1, x2, y2 = (float(v) for v in det['bboxes'][i])
                    anns.append(
                        dict(
                            id=len(anns) + 1,
                            image_id=t,
                            category_id=int(det['labels'][i]) + 1,
                            bbox=[x1, y1, x2 - x1, y2 - y1],
                            score=float(det['scores'][i]),
                            track_id=int(owners[i]),
                        )
                    )
                if out_dir and video:
                    if writer is None:
                        video_path = osp.join(out_dir, 'detections.mp4')
                        writer = cv2.VideoWriter(
                            video_path,
                            cv2.VideoWriter_fourcc(*'mp4v'),
                            fps,
                            (w, h),
                        )
                    writer.write(self._draw(frame, det, owners, history, t))
                if bar is not None:
                    bar.update(1)
        finally:
            if writer is not None:
                writer.release()
            if bar is not None:
                bar.close()
        elapsed = time.perf_counter() - start
        detected = sum(not i.get('skipped') for i in images)
        coco = dict(
            images=images,
            annotations=anns,
            categories=[
                dict(id=i + 1, name=c) for i, c in enumerate(self.classes)
            ],
        )
        summary = dict(
            frames=len(images),
            detected_frames=detected,
            detections=len(anns),
            tracks=len(tracks),
            model_fps=detected / model_time if model_time else 0.0,
            overall_fps=len(images) / elapsed if elapsed else 0.0,
            backend='onnxruntime' if self.session else 'pytorch',
        )
        if out_dir:
            from mmir.utils.fileio import write_json_atomic

            write_json_atomic(coco, osp.join(out_dir, 'detections.json'))
            write_json_atomic(
                list(tracks.values()), osp.join(out_dir, 'tracks.json')
            )
            write_json_atomic(summary, osp.join(out_dir, 'summary.json'))
        return dict(coco=coco, tracks=list(tracks.values()), summary=summary)

    def _draw(self, frame, det, owners, history, t) -> np.ndarray:
        """The frame (8-bit, BGR) with boxes (red: target, cyan: others),
        each track's recent centres as a line, and the frame number."""
        img = cv2.cvtColor(
            stretch_to_uint8(frame, 1, 99.9), cv2.COLOR_GRAY2BGR
        )
        colors = [(0, 0, 255), (255, 200, 0)]
        for box, label, owner in zip(det['bboxes'], det['labels'], owners):
            color = colors[min(int(label), 1)]
            x1, y1, x2, y2 = (int(round(v)) for v in box)
            cv2.rectangle(img, (x1 - 2, y1 - 2), (x2 + 2, y2 + 2), color, 1)
            if owner >= 0:
                history[owner].append(((x1 + x2) // 2, (y1 + y2) // 2))
                pts = np.array(history[owner], np.int32)
                if len(pts) > 1:
                    cv2.polylines(img, [pts], False, color, 1)
        cv2.putText(
            img, str(t), (4, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 255, 0), 1
        )
        return img
