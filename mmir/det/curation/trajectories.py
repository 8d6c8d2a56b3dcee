"""Detections linked into trajectories across frames, and the hard-example
candidates of Zhao et al. 2024, section III-C: a detection seen in one
frame only, with nothing before or after it, is a false alarm; a
trajectory present in the frames before and after a frame but not in it
is a miss there."""

from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ['TrackLinker', 'link_tracks', 'hard_example_candidates']


def _centres(boxes):
    boxes = np.asarray(boxes, np.float64).reshape(-1, 4)
    return (boxes[:, :2] + boxes[:, 2:]) / 2


class TrackLinker:
    """Links detections into trajectories one frame at a time (streaming;
    :func:`link_tracks` is the same over a whole sequence).

    ``update(t, boxes)`` with frames in increasing id: each active track
    (last seen at most ``max_gap + 1`` frames before ``t``) predicts its
    centre at ``t`` (constant velocity from its last two points, else its
    last point); the frame's detections are assigned to tracks by minimum
    total centre distance (Hungarian) among pairs within ``max_distance``
    pixels per frame of gap; the others start new tracks.

    Attributes:
        tracks (list[dict[int, int]]): per track, frame id -> detection
            index, in the order tracks were started.
    """

    def __init__(self, max_distance: float = 8.0, max_gap: int = 1) -> None:
        self.max_distance = max_distance
        self.max_gap = max_gap
        self.tracks: list[dict[int, int]] = []
        self._active: list[int] = []
        self._centres: dict[int, np.ndarray] = {}

    def _point(self, k: int, t: int) -> np.ndarray:
        return self._centres[t][self.tracks[k][t]]

    def update(self, t: int, boxes: np.ndarray) -> list[int]:
        """Add frame ``t``'s ``(n, 4)`` boxes; returns the track index of
        each box."""
        cent = _centres(boxes)
        self._centres[t] = cent
        tracks, gap_limit = self.tracks, self.max_gap + 1
        alive = [k for k in self._active if t - max(tracks[k]) <= gap_limit]
        owner = [-1] * len(cent)
        if len(alive) and len(cent):
            pred = np.empty((len(alive), 2))
            gaps = np.empty(len(alive))
            for r, k in enumerate(alive):
                ts = list(tracks[k])[-2:]  # frames were added in order
                last = self._point(k, ts[-1])
                gaps[r] = t - ts[-1]
                if len(ts) > 1:
                    prev = self._point(k, ts[-2])
                    last = last + (last - prev) / (ts[-1] - ts[-2]) * gaps[r]
                pred[r] = last
            dist = np.linalg.norm(pred[:, None] - cent[None], axis=2)
            ok = dist <= self.max_distance * gaps[:, None]
            rows, cols = linear_sum_assignment(np.where(ok, dist, 1e9))
            for r, c in zip(rows, cols):
                if ok[r, c]:
                    tracks[alive[r]][t] = int(c)
                    owner[int(c)] = alive[r]
        for c in range(len(cent)):
            if owner[c] < 0:
                tracks.append({t: c})
                owner[c] = len(tracks) - 1
                alive.append(owner[c])
        self._active = alive
        # centres of frames no active track can look back to are not needed
        keep = {f for k in alive for f in list(tracks[k])[-2:]}
        for f in [f for f in self._centres if f not in keep and f != t]:
            del self._centres[f]
        return owner


def link_tracks(
    frames: Sequence[np.ndarray], max_distance: float = 8.0, max_gap: int = 1
) -> list[list[tuple[int, int]]]:
    """Link per-frame detections into trajectories (:class:`TrackLinker`
    over the frames in order).

    Args:
        frames (dict[int, ndarray]): frame id -> (n, 4) boxes (x1, y1, x2,
            y2) of the frames that were observed (a frame missing from the
            dict was not looked at; an observed frame may have 0 boxes).
        max_distance (float): largest centre distance, in pixels per frame
            of gap, between a track's predicted position and a detection.
        max_gap (int): frames a track may skip and still continue.

    Returns:
        list[dict[int, int]]: per track, frame id -> detection index, in
        the order tracks were started.
    """
    linker = TrackLinker(max_distance, max_gap)
    for t in sorted(frames):
        linker.update(t, frames[t])
    return linker.tracks


def hard_example_candidates(
    frames: Sequence[np.ndarray],
    scores: Sequence[np.ndarray] | None = None,
    max_distance: float = 8.0,
    max_gap: int = 1,
    tracks: list[list[tuple[int, int]]] | None = None,
) -> list[dict]:
    """False alarms and misses of one sequence's detections.

    ``frames``: as :func:`link_tracks`; ``scores`` (optional): frame id ->
    (n,) scores. A track of one detection at frame ``t`` whose neighbours
    ``t - 1`` and ``t + 1`` were both observed (and gave it no continuation)
    is a **false alarm**; a track with detections on both sides of an
    observed frame ``t`` that it skips is a **miss** at ``t``, with the box
    interpolated linearly between its neighbours. Consistent tracks give
    nothing. ``tracks``: the :func:`link_tracks` result of ``frames`` when
    the caller has it already.

    Returns a list of ``dict(type='false_alarm'|'miss', frame_id, bbox
    [x1, y1, x2, y2], score, track)``.
    """
    if tracks is None:
        tracks = link_tracks(frames, max_distance, max_gap)
    out = []
    for k, track in enumerate(tracks):
        ts = sorted(track)
        if len(ts) == 1:
            t = ts[0]
            if t - 1 in frames and t + 1 in frames:
                i = track[t]
                out.append(
                    dict(
                        type='false_alarm',
                        frame_id=t,
                        track=k,
                        bbox=[float(v) for v in np.asarray(frames[t])[i]],
                        score=float(scores[t][i]) if scores else None,
                    )
                )
            continue
        for a, b in zip(ts[:-1], ts[1:]):
            box_a = np.asarray(frames[a], np.float64)[track[a]]
            box_b = np.asarray(frames[b], np.float64)[track[b]]
            for t in range(a + 1, b):
                if t not in frames:
                    continue
                w = (t - a) / (b - a)
                score = None
                if scores:
                    score = float(
                        min(scores[a][track[a]], scores[b][track[b]])
                    )
                out.append(
                    dict(
                        type='miss',
                        frame_id=t,
                        track=k,
                        bbox=[float(v) for v in (1 - w) * box_a + w * box_b],
                        score=score,
                    )
                )
    return out
