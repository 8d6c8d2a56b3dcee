"""Trajectory linking and hard-example candidates (Zhao et al. 2024,
sec. III-D)."""

import numpy as np
import pytest
from conftest import box_around

import mmir.det  # noqa: F401
from mmir.det.curation import hard_example_candidates, link_tracks


def _frames(points, n=7):
    """frame -> boxes from {frame: [(x, y), ...]}; every frame observed."""
    return {
        t: np.array(
            [box_around(*p) for p in points.get(t, [])], np.float64
        ).reshape(-1, 4)
        for t in range(n)
    }


# ---------------------------------------------------------- trajectories
def test_consistent_track_is_neither():
    frames = _frames({t: [(100 + 3 * t, 50 + 2 * t)] for t in range(7)})
    tracks = link_tracks(frames)
    assert len(tracks) == 1 and sorted(tracks[0]) == list(range(7))
    assert hard_example_candidates(frames) == []


def test_one_frame_blip_is_a_false_alarm():
    points = {t: [(100 + 3 * t, 50)] for t in range(7)}
    points[3] = points[3] + [(400, 300)]
    frames = _frames(points)
    cands = hard_example_candidates(
        frames, {t: np.full(len(b), 0.7) for t, b in frames.items()}
    )
    assert len(cands) == 1
    c = cands[0]
    assert c['type'] == 'false_alarm' and c['frame_id'] == 3
    np.testing.assert_allclose(c['bbox'], box_around(400, 300))
    assert c['score'] == pytest.approx(0.7)


def test_one_frame_gap_is_a_miss_with_an_interpolated_box():
    points = {t: [(100 + 4 * t, 50 + 2 * t)] for t in range(7) if t != 3}
    frames = _frames(points)
    cands = hard_example_candidates(frames)
    assert len(cands) == 1
    c = cands[0]
    assert c['type'] == 'miss' and c['frame_id'] == 3
    np.testing.assert_allclose(c['bbox'], box_around(112, 56))


def test_the_gate_grows_with_the_frames_a_gap_skips():
    """A target moving 6 px per frame (gate 8 px per frame), missed in the
    frame after its first detection: with no velocity yet, it reappears
    12 px from that detection, within the 16-px gate of a two-frame step,
    so one track and one miss, not two tracks."""
    points = {t: [(100 + 6 * t, 50)] for t in range(7) if t != 1}
    frames = _frames(points)
    tracks = link_tracks(frames, max_distance=8.0)
    assert len(tracks) == 1 and sorted(tracks[0]) == [0, 2, 3, 4, 5, 6]
    cands = hard_example_candidates(frames)
    assert [(c['type'], c['frame_id']) for c in cands] == [('miss', 1)]
    np.testing.assert_allclose(cands[0]['bbox'], box_around(106, 50))


def test_edges_and_unobserved_frames_are_not_judged():
    # a blip in the first frame (no frame before it), and a gap at a frame
    # nobody looked at
    points = {0: [(300, 300)]}
    points.update({t: [(100 + 3 * t, 50)] for t in range(7) if t != 4})
    frames = _frames(points)
    del frames[4]
    assert hard_example_candidates(frames) == []


def test_two_crossing_tracks_stay_apart():
    # two targets 6 px apart moving 4 px per frame (closer than the
    # 8 px gate): the assignment keeps their identities
    points = {
        t: [(100 + 4 * t, 100), (100 + 4 * t, 106 - 0.1 * t)] for t in range(7)
    }
    tracks = link_tracks(_frames(points), max_distance=8.0)
    assert len(tracks) == 2
    assert [sorted(set(tr.values())) for tr in tracks] == [[0], [1]]
    assert all(sorted(tr) == list(range(7)) for tr in tracks)


# ------------------------------------------------------- label versions
