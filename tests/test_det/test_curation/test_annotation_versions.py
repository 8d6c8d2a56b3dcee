"""Label reviews applied as new annotation versions, never in place."""

import csv
import hashlib
import json

import pytest
from conftest import write_video_coco

import mmir.det  # noqa: F401
from mmir.det.curation import apply_review


def _csv(path, header, rows):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_review_is_written_as_new_versions_never_over_the_original(tmp_path):
    ann = write_video_coco(tmp_path)
    original = _sha(ann)
    labels = _csv(
        tmp_path / 'labels.csv',
        ('ann_id', 'action', 'new_label', 'new_bbox'),
        [
            (10, 'delete', '', ''),
            (11, 'move', '', '21,20,3,3'),
            (12, 'relabel', 'target', ''),
            (10, '', '', ''),
        ],
    )
    images = _csv(
        tmp_path / 'images.csv',
        ('image_id', 'add'),
        [(1, 'target:60,60,3,3; interference:70,70,2,2')],
    )
    path, changes = apply_review(str(ann), str(labels), str(images))
    assert path.endswith('train.v2.json')
    assert changes == dict(deleted=1, relabelled=1, moved=1, added=2)
    assert _sha(ann) == original
    v2 = json.loads(open(path).read())
    by_id = {a['id']: a for a in v2['annotations']}
    assert 10 not in by_id and by_id[11]['bbox'] == [21, 20, 3, 3]
    assert by_id[12]['category_id'] == 1
    assert sorted(
        a['category_id'] for a in v2['annotations'] if a['id'] > 12
    ) == [1, 2]
    # a review of v2 gives v3; v2 stays
    v2_sha = _sha(tmp_path / 'train.v2.json')
    labels = _csv(
        tmp_path / 'labels3.csv', ('ann_id', 'action'), [(11, 'delete')]
    )
    path3, _ = apply_review(path, str(labels))
    assert path3.endswith('train.v3.json')
    assert _sha(tmp_path / 'train.v2.json') == v2_sha
    log = json.loads((tmp_path / 'train.versions.json').read_text())
    assert [e['version'] for e in log] == [1, 2, 3]
    assert log[2]['parent'] == 'train.v2.json'
    assert log[2]['sha256'] == _sha(tmp_path / 'train.v3.json')


def test_review_errors_name_the_row(tmp_path):
    ann = write_video_coco(tmp_path)
    bad = _csv(
        tmp_path / 'bad.csv',
        ('ann_id', 'action'),
        [(10, 'keep'), (99, 'delete')],
    )
    with pytest.raises(ValueError, match=r'bad.csv:3.*ann_id 99'):
        apply_review(str(ann), str(bad))
    bad = _csv(tmp_path / 'bad.csv', ('ann_id', 'action'), [(10, 'nuke')])
    with pytest.raises(ValueError, match=r'bad.csv:2.*nuke'):
        apply_review(str(ann), str(bad))
    bad = _csv(
        tmp_path / 'bad.csv',
        ('ann_id', 'action', 'new_bbox'),
        [(10, 'move', '1,2,3')],
    )
    with pytest.raises(ValueError, match=r'bad.csv:2.*x,y,w,h'):
        apply_review(str(ann), str(bad))
    assert not (tmp_path / 'train.v2.json').exists()
