"""Label refinement by loss: thresholds and the automatic review (Zhao et
al. 2024, sec. III-C)."""

import numpy as np
import pytest

import mmir.det  # noqa: F401
from mmir.det.curation import parse_threshold


def test_thresholds():
    losses = np.arange(1, 101, dtype=float)
    assert parse_threshold('abs:7.5')(losses) == 7.5
    assert parse_threshold('pct:90')(losses) == pytest.approx(
        np.percentile(losses, 90)
    )
    assert parse_threshold('sigma:2')(losses) == pytest.approx(
        losses.mean() + 2 * losses.std()
    )
    for bad in ('pct:120', 'mean:2', 'abs:x', '3'):
        with pytest.raises(ValueError, match='threshold'):
            parse_threshold(bad)


# ---------------------------------------------------- hard-example merge
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
        dict(
            img_id=7,
            boxes=np.array(
                [[40.0, 40, 43, 43], [72, 71, 75, 74], [100, 100, 103, 103]]
            ),
            labels=np.array([1, 0, 1]),
            scores=np.ones(3),
        ),
        dict(
            img_id=8,
            boxes=np.array([[20.0, 20, 23, 23], [50, 60, 53, 63]]),
            labels=np.array([0, 0]),
            scores=np.ones(2),
        ),
    ]
    rows, image_rows = auto_label_review(
        labels[:4],
        [dict(img_id=8)],
        labels,
        detections,
        ['target', 'interference'],
    )
    by_id = {r['ann_id']: r for r in rows}
    assert by_id[1]['action'] == 'delete'
    assert by_id[2] == dict(
        ann_id=2, action='relabel', new_label='interference'
    )
    assert by_id[3] == dict(ann_id=3, action='move', new_bbox='72,71,3,3')
    assert 4 not in by_id
    assert image_rows == [dict(image_id=8, add='target:50,60,3,3')]


def test_flag_losses_keeps_the_records_above_the_threshold_worst_first():
    from mmir.det.curation import flag_losses

    labels = [
        dict(ann_id=i, loss=v) for i, v in enumerate([0.1, 5.0, 0.5, 2.0])
    ]
    images = [dict(img_id=i, loss=v) for i, v in enumerate([3.0, 0.2])]
    (img_thr, lab_thr), imgs, labs = flag_losses(images, labels, 'abs:1')
    assert (img_thr, lab_thr) == (1.0, 1.0)
    assert [r['ann_id'] for r in labs] == [1, 3]
    assert [r['img_id'] for r in imgs] == [0]
    # mean + 1 std of the labels: 1.9 + 1.92 = 3.82 -> only the 5.0
    _, _, labs = flag_losses(images, labels, 'sigma:1', 'abs:0')
    assert [r['ann_id'] for r in labs] == [1]


def test_oracle_label_review_restores_the_clean_labels():
    """Per flagged label: a spurious one (no clean label of its id, or one
    on another image) is deleted, a relabelled one gets its clean class, a
    shifted one moves back to its clean box, an unchanged one stays; a
    flagged image gets the clean labels it lacks."""
    from mmir.det.curation import oracle_label_review

    cats = [dict(id=1, name='target'), dict(id=2, name='interference')]

    def ann(i, img, cat, box):
        return dict(id=i, image_id=img, category_id=cat, bbox=box)

    clean = dict(
        categories=cats,
        annotations=[
            ann(1, 7, 1, [10, 10, 3, 3]),
            ann(2, 7, 2, [40, 40, 3, 3]),
            ann(3, 7, 1, [70.5, 70, 3, 3]),
            ann(4, 8, 1, [20, 20, 3, 3]),
            ann(6, 8, 2, [50, 60, 4, 3]),
            ann(9, 9, 1, [5, 5, 3, 3]),
        ],
    )
    current = dict(
        categories=cats,
        annotations=[
            ann(1, 7, 1, [10, 10, 3, 3]),  # unchanged
            ann(2, 7, 1, [40, 40, 3, 3]),  # class flipped
            ann(3, 7, 1, [73.5, 71, 3, 3]),  # shifted
            ann(4, 8, 1, [20, 20, 3, 3]),
            ann(5, 8, 1, [90, 90, 3, 3]),  # spurious
            ann(9, 7, 1, [5, 5, 3, 3]),  # on the wrong image
        ],
    )
    flagged = [dict(ann_id=i) for i in (1, 2, 3, 5, 9, 99)]
    rows, image_rows = oracle_label_review(
        flagged, [dict(img_id=8), dict(img_id=7)], current, clean
    )
    assert rows == [
        dict(ann_id=2, action='relabel', new_label='interference'),
        dict(ann_id=3, action='move', new_bbox='70.5,70,3,3'),
        dict(ann_id=5, action='delete'),
        dict(ann_id=9, action='delete'),
    ]
    # image 8 lacks clean label 6; image 7 lacks nothing of its own
    assert image_rows == [dict(image_id=8, add='interference:50,60,4,3')]
