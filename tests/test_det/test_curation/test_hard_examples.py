"""Hard-example mining, review and merge into a new annotation version."""

import json

import numpy as np
from conftest import box_around, write_video_coco
from mmdet.registry import DATASETS

import mmir.det  # noqa: F401
from mmir.det.curation import (
    merge_hard_examples,
    mine_candidates,
    oracle_review,
)


def _pool(tmp_path, n=8):
    images = [
        dict(
            id=100 + t,
            file_name=f'p0/{t:06d}.png',
            video_id=5,
            frame_id=t,
            height=64,
            width=64,
        )
        for t in range(n)
    ]
    anns = [
        dict(
            id=500 + t,
            image_id=100 + t,
            category_id=1,
            bbox=[10 + 2 * t, 10, 3, 3],
        )
        for t in range(n)
    ]
    cats = [dict(id=1, name='target'), dict(id=2, name='interference')]
    pool = tmp_path / 'pool.json'
    pool.write_text(json.dumps(dict(images=images, categories=cats)))
    oracle = tmp_path / 'pool_labels.json'
    oracle.write_text(
        json.dumps(dict(images=images, annotations=anns, categories=cats))
    )
    return pool, oracle


def _records(points):
    return [
        dict(
            img_id=100 + t,
            img_path=f'p0/{t:06d}.png',
            video_id=5,
            frame_id=t,
            boxes=np.array([box_around(*p) for p in pts]).reshape(-1, 4),
            scores=np.full(len(pts), 0.8),
        )
        for t, pts in points.items()
    ]


def test_mine_review_and_merge_into_a_new_version(tmp_path):
    ann = write_video_coco(tmp_path)
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
    assert [t for t in sorted(key) if key[t].get('context_only')] == [2, 3, 4]
    assert len({img['video_id'] for img in added}) == 1
    labels = {}
    for a in v2['annotations']:
        labels.setdefault(a['image_id'], []).append(
            (a['category_id'], [round(v, 1) for v in a['bbox']])
        )
    # frame 5: the interpolated miss; frame 6: the track's target and the
    # false alarm as interference
    assert labels[key[5]['id']] == [(1, [20.0, 10.0, 3.0, 3.0])]
    assert sorted(labels[key[6]['id']]) == [
        (1, [22.0, 10.0, 3.0, 3.0]),
        (2, [48.5, 48.5, 3.0, 3.0]),
    ]
    # the next merge: frame 7 reuses the pool video; context frame 4 of v2
    # becomes a labelled frame (its own context 1 added), labels from the
    # oracle file
    more = [
        dict(
            type='miss',
            frame_id=t,
            img_id=100 + t,
            bbox=box_around(20, 11),
            accept=True,
            video_id=5,
            img_path='',
        )
        for t in (4, 7)
    ]
    path3, ch3 = merge_hard_examples(
        path, str(pool), more, labels_from=str(oracle)
    )
    v3 = json.loads(open(path3).read())
    added3 = {
        img['frame_id']: img for img in v3['images'] if img.get('source_pool')
    }
    assert sorted(added3) == [1, 2, 3, 4, 5, 6, 7]
    assert not added3[4].get('context_only')
    assert len({img['video_id'] for img in added3.values()}) == 1
    assert ch3['frames_added'] == 2 and ch3['context_frames'] == 1
    assert [
        a['bbox']
        for a in v3['annotations']
        if a['image_id'] == added3[7]['id']
    ] == [[24, 10, 3, 3]]
    # the dataset reads the new version: samples 4..7 of the pool video
    # (the original image 1 has no frames before it: skipped)
    ds = DATASETS.build(
        dict(type='IRSequenceDataset', ann_file=path3, data_root=str(tmp_path))
    )
    frames = sorted(ds.get_data_info(i)['frame_id'] for i in range(len(ds)))
    assert frames == [4, 5, 6, 7]
    info = [
        ds.get_data_info(i)
        for i in range(len(ds))
        if ds.get_data_info(i)['frame_id'] == 5
    ][0]
    assert [p[-10:] for p in info['img_paths']] == [
        '000005.png',
        '000004.png',
        '000003.png',
        '000002.png',
    ]
