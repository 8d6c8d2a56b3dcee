"""corrupt_labels: the four kinds of label noise, boxes kept in the image."""

import math

from mmir.det.curation import corrupt_labels


def _ann(boxes, size=(320, 256)):
    return dict(
        images=[dict(id=1, width=size[0], height=size[1], video_id=1)],
        annotations=[
            dict(id=i + 1, image_id=1, category_id=1, bbox=list(b))
            for i, b in enumerate(boxes)
        ],
        categories=[dict(id=1, name='target'), dict(id=2, name='other')],
    )


def test_shift_moves_by_shift_px():
    ann = _ann([[100.0, 100.0, 5.0, 5.0]] * 20)
    noisy, records = corrupt_labels(ann, 0, 1, 4.0, 0, 0, seed=3)
    assert [r['kind'] for r in records] == ['shifted'] * 20
    for r in records:
        (x0, y0), (x1, y1) = r['old_bbox'][:2], r['new_bbox'][:2]
        assert math.isclose(math.hypot(x1 - x0, y1 - y0), 4.0, abs_tol=0.02)
    assert ann['annotations'][0]['bbox'] == [100.0, 100.0, 5.0, 5.0]


def test_shifted_boxes_stay_inside_the_image():
    corners = [[0.0, 0.0, 5.0, 5.0], [315.0, 251.0, 5.0, 5.0]] * 50
    noisy, records = corrupt_labels(_ann(corners), 0, 1, 4.0, 0, 0, seed=0)
    assert len(records) == 100
    for a in noisy['annotations']:
        x, y, w, h = a['bbox']
        assert 0 <= x and x + w <= 320 and 0 <= y and y + h <= 256, a


def test_missing_relabel_spurious_counts():
    ann = _ann([[50.0, 50.0, 6.0, 6.0]] * 100)
    noisy, records = corrupt_labels(ann, 1, 0, 4.0, 0, 0.1, seed=0)
    kinds = [r['kind'] for r in records]
    assert kinds.count('missing') == 100 and kinds.count('spurious') == 10
    assert len(noisy['annotations']) == 10
    noisy, records = corrupt_labels(ann, 0, 0, 4.0, 1, 0, seed=0)
    assert {a['category_id'] for a in noisy['annotations']} == {2}
