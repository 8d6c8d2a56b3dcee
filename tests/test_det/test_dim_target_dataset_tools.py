"""Label refinement versions, trajectories / hard examples and their merge
into the next dataset version (Zhao et al. 2024, sections III-B, III-C)."""
import csv
import hashlib
import json

import numpy as np
import pytest

import mmir.det  # noqa: F401
from mmdet.registry import DATASETS
from mmir.det.curation import (apply_review, hard_example_candidates,
                               link_tracks, merge_hard_examples,
                               mine_candidates, oracle_review,
                               parse_threshold)


def _box(x, y, s=3):
    return [x - s / 2, y - s / 2, x + s / 2, y + s / 2]


def _frames(points, n=7):
    """frame -> boxes from {frame: [(x, y), ...]}; every frame observed."""
    return {t: np.array([_box(*p) for p in points.get(t, [])],
                        np.float64).reshape(-1, 4) for t in range(n)}


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
    cands = hard_example_candidates(frames, {t: np.full(len(b), 0.7)
                                             for t, b in frames.items()})
    assert len(cands) == 1
    c = cands[0]
    assert c['type'] == 'false_alarm' and c['frame_id'] == 3
    np.testing.assert_allclose(c['bbox'], _box(400, 300))
    assert c['score'] == pytest.approx(0.7)


def test_one_frame_gap_is_a_miss_with_an_interpolated_box():
    points = {t: [(100 + 4 * t, 50 + 2 * t)] for t in range(7) if t != 3}
    frames = _frames(points)
    cands = hard_example_candidates(frames)
    assert len(cands) == 1
    c = cands[0]
    assert c['type'] == 'miss' and c['frame_id'] == 3
    np.testing.assert_allclose(c['bbox'], _box(112, 56))


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
    points = {t: [(100 + 4 * t, 100), (100 + 4 * t, 106 - 0.1 * t)]
              for t in range(7)}
    tracks = link_tracks(_frames(points), max_distance=8.0)
    assert len(tracks) == 2
    assert [sorted(set(tr.values())) for tr in tracks] == [[0], [1]]
    assert all(sorted(tr) == list(range(7)) for tr in tracks)


# ------------------------------------------------------- label versions
def _ann(tmp_path, name='train.json'):
    ann = dict(
        images=[dict(id=1, file_name='s0/000003.png', video_id=1,
                     frame_id=3)],
        annotations=[dict(id=10, image_id=1, category_id=1,
                          bbox=[5, 5, 3, 3]),
                     dict(id=11, image_id=1, category_id=1,
                          bbox=[20, 20, 3, 3]),
                     dict(id=12, image_id=1, category_id=2,
                          bbox=[40, 40, 3, 3])],
        categories=[dict(id=1, name='target'),
                    dict(id=2, name='interference')])
    path = tmp_path / name
    path.write_text(json.dumps(ann))
    return path


def _csv(path, header, rows):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_review_is_written_as_new_versions_never_over_the_original(
        tmp_path):
    ann = _ann(tmp_path)
    original = _sha(ann)
    labels = _csv(tmp_path / 'labels.csv',
                  ('ann_id', 'action', 'new_label', 'new_bbox'),
                  [(10, 'delete', '', ''), (11, 'move', '', '21,20,3,3'),
                   (12, 'relabel', 'target', ''), (10, '', '', '')])
    images = _csv(tmp_path / 'images.csv', ('image_id', 'add'),
                  [(1, 'target:60,60,3,3; interference:70,70,2,2')])
    path, changes = apply_review(str(ann), str(labels), str(images))
    assert path.endswith('train.v2.json')
    assert changes == dict(deleted=1, relabelled=1, moved=1, added=2)
    assert _sha(ann) == original
    v2 = json.loads(open(path).read())
    by_id = {a['id']: a for a in v2['annotations']}
    assert 10 not in by_id and by_id[11]['bbox'] == [21, 20, 3, 3]
    assert by_id[12]['category_id'] == 1
    assert sorted(a['category_id'] for a in v2['annotations']
                  if a['id'] > 12) == [1, 2]
    # a review of v2 gives v3; v2 stays
    v2_sha = _sha(tmp_path / 'train.v2.json')
    labels = _csv(tmp_path / 'labels3.csv', ('ann_id', 'action'),
                  [(11, 'delete')])
    path3, _ = apply_review(path, str(labels))
    assert path3.endswith('train.v3.json')
    assert _sha(tmp_path / 'train.v2.json') == v2_sha
    log = json.loads((tmp_path / 'train.versions.json').read_text())
    assert [e['version'] for e in log] == [1, 2, 3]
    assert log[2]['parent'] == 'train.v2.json'
    assert log[2]['sha256'] == _sha(tmp_path / 'train.v3.json')


def test_review_errors_name_the_row(tmp_path):
    ann = _ann(tmp_path)
    bad = _csv(tmp_path / 'bad.csv', ('ann_id', 'action'),
               [(10, 'keep'), (99, 'delete')])
    with pytest.raises(ValueError, match=r'bad.csv:3.*ann_id 99'):
        apply_review(str(ann), str(bad))
    bad = _csv(tmp_path / 'bad.csv', ('ann_id', 'action'), [(10, 'nuke')])
    with pytest.raises(ValueError, match=r'bad.csv:2.*nuke'):
        apply_review(str(ann), str(bad))
    bad = _csv(tmp_path / 'bad.csv', ('ann_id', 'action', 'new_bbox'),
               [(10, 'move', '1,2,3')])
    with pytest.raises(ValueError, match=r'bad.csv:2.*x,y,w,h'):
        apply_review(str(ann), str(bad))
    assert not (tmp_path / 'train.v2.json').exists()


def test_thresholds():
    losses = np.arange(1, 101, dtype=float)
    assert parse_threshold('abs:7.5')(losses) == 7.5
    assert parse_threshold('pct:90')(losses) == pytest.approx(
        np.percentile(losses, 90))
    assert parse_threshold('sigma:2')(losses) == pytest.approx(
        losses.mean() + 2 * losses.std())
    for bad in ('pct:120', 'mean:2', 'abs:x', '3'):
        with pytest.raises(ValueError, match='threshold'):
            parse_threshold(bad)


# ---------------------------------------------------- hard-example merge
def _pool(tmp_path, n=8):
    images = [dict(id=100 + t, file_name=f'p0/{t:06d}.png', video_id=5,
                   frame_id=t, height=64, width=64) for t in range(n)]
    anns = [dict(id=500 + t, image_id=100 + t, category_id=1,
                 bbox=[10 + 2 * t, 10, 3, 3]) for t in range(n)]
    cats = [dict(id=1, name='target'), dict(id=2, name='interference')]
    pool = tmp_path / 'pool.json'
    pool.write_text(json.dumps(dict(images=images, categories=cats)))
    oracle = tmp_path / 'pool_labels.json'
    oracle.write_text(json.dumps(dict(images=images, annotations=anns,
                                      categories=cats)))
    return pool, oracle


def _records(points):
    return [dict(img_id=100 + t, img_path=f'p0/{t:06d}.png', video_id=5,
                 frame_id=t,
                 boxes=np.array([_box(*p) for p in pts]).reshape(-1, 4),
                 scores=np.full(len(pts), 0.8))
            for t, pts in points.items()]


def test_mine_review_and_merge_into_a_new_version(tmp_path):
    ann = _ann(tmp_path)
    pool, oracle = _pool(tmp_path)
    # the model sees the target (11.5 + 2t, 11.5) in frames 3..7 except 5,
    # and a blip at frame 6
    points = {t: [(11.5 + 2 * t, 11.5)] for t in range(3, 8) if t != 5}
    points[5] = []
    points[6] = points[6] + [(50, 50)]
    cands, dets = mine_candidates(_records(points))
    kinds = sorted((c['type'], c['frame_id']) for c in cands)
    assert kinds == [('false_alarm', 6), ('miss', 5)]
    oracle_review(cands, json.loads(oracle.read_text()))
    assert all(c['accept'] for c in cands)  # both are what they claim
    path, changes = merge_hard_examples(str(ann), str(pool), cands, dets)
    assert path.endswith('train.v2.json')
    assert changes['frames_added'] == 2 and changes['misses'] == 1
    v2 = json.loads(open(path).read())
    added = [img for img in v2['images'] if img.get('source_pool')]
    key = {img['frame_id']: img for img in added}
    # frames 5, 6 and their context 2, 3, 4 (only 5, 6 are samples)
    assert sorted(key) == [2, 3, 4, 5, 6]
    assert [t for t in sorted(key) if key[t].get('context_only')] == \
        [2, 3, 4]
    assert len({img['video_id'] for img in added}) == 1
    labels = {}
    for a in v2['annotations']:
        labels.setdefault(a['image_id'], []).append(
            (a['category_id'], [round(v, 1) for v in a['bbox']]))
    # frame 5: the interpolated miss; frame 6: the track's target and the
    # false alarm as interference
    assert labels[key[5]['id']] == [(1, [20.0, 10.0, 3.0, 3.0])]
    assert sorted(labels[key[6]['id']]) == [(1, [22.0, 10.0, 3.0, 3.0]),
                                            (2, [48.5, 48.5, 3.0, 3.0])]
    # the next merge: frame 7 reuses the pool video; context frame 4 of v2
    # becomes a labelled frame (its own context 1 added), labels from the
    # oracle file
    more = [dict(type='miss', frame_id=t, img_id=100 + t, bbox=_box(20, 11),
                 accept=True, video_id=5, img_path='') for t in (4, 7)]
    path3, ch3 = merge_hard_examples(path, str(pool), more,
                                     labels_from=str(oracle))
    v3 = json.loads(open(path3).read())
    added3 = {img['frame_id']: img for img in v3['images']
              if img.get('source_pool')}
    assert sorted(added3) == [1, 2, 3, 4, 5, 6, 7]
    assert not added3[4].get('context_only')
    assert len({img['video_id'] for img in added3.values()}) == 1
    assert ch3['frames_added'] == 2 and ch3['context_frames'] == 1
    assert [a['bbox'] for a in v3['annotations']
            if a['image_id'] == added3[7]['id']] == [[24, 10, 3, 3]]
    # the dataset reads the new version: samples 4..7 of the pool video
    # (the original image 1 has no frames before it: skipped)
    ds = DATASETS.build(dict(type='IRSequenceDataset', ann_file=path3,
                             data_root=str(tmp_path)))
    frames = sorted(ds.get_data_info(i)['frame_id'] for i in range(len(ds)))
    assert frames == [4, 5, 6, 7]
    info = [ds.get_data_info(i) for i in range(len(ds))
            if ds.get_data_info(i)['frame_id'] == 5][0]
    assert [p[-10:] for p in info['img_paths']] == [
        '000005.png', '000004.png', '000003.png', '000002.png']


def test_auto_label_review_decides_by_the_model_detections():
    """Without an oracle: unsupported labels go, a detection of another
    class relabels, a shifted one moves, a supported one stays; a flagged
    image gets the detections no label covers."""
    import numpy as np

    from mmir.det.curation import auto_label_review
    labels = [
        dict(ann_id=1, img_id=7, label=0, bbox=[10, 10, 13, 13]),  # alone
        dict(ann_id=2, img_id=7, label=0, bbox=[40, 40, 43, 43]),  # class
        dict(ann_id=3, img_id=7, label=0, bbox=[70, 70, 73, 73]),  # shift
        dict(ann_id=4, img_id=7, label=1, bbox=[100, 100, 103, 103]),  # ok
        dict(ann_id=5, img_id=8, label=0, bbox=[20, 20, 23, 23]),
    ]
    detections = [
        dict(img_id=7, boxes=np.array([[40., 40, 43, 43], [72, 71, 75, 74],
                                       [100, 100, 103, 103]]),
             labels=np.array([1, 0, 1]), scores=np.ones(3)),
        dict(img_id=8, boxes=np.array([[20., 20, 23, 23], [50, 60, 53, 63]]),
             labels=np.array([0, 0]), scores=np.ones(2)),
    ]
    rows, image_rows = auto_label_review(
        labels[:4], [dict(img_id=8)], labels, detections,
        ['target', 'interference'])
    by_id = {r['ann_id']: r for r in rows}
    assert by_id[1]['action'] == 'delete'
    assert by_id[2] == dict(ann_id=2, action='relabel',
                            new_label='interference')
    assert by_id[3] == dict(ann_id=3, action='move', new_bbox='72,71,3,3')
    assert 4 not in by_id
    assert image_rows == [dict(image_id=8, add='target:50,60,3,3')]
