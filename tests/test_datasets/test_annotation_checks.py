"""mmir.datasets.annotation_checks: what the toolboxes accept silently
(bad list lines, boxes outside their image or not finite) is a DataError
naming the file and record."""

import math

import pytest

from mmir.datasets.annotation_checks import (
    BOX_TOLERANCE_PX,
    check_box,
    check_image_list,
    coco_lists_problem,
    instance_box_problem,
)
from mmir.utils.config_check import DataError


def test_image_list_lines(tmp_path):
    good = tmp_path / 'good.txt'
    good.write_text('images/a b.png 1\n\nimages/c.png -1\n')
    check_image_list(str(good))  # a space in the path, a blank line: fine
    bad = tmp_path / 'bad.txt'
    bad.write_text('images/a.png 1\nimages/b.png one\n')
    with pytest.raises(DataError, match=r"bad.txt, line 2: 'images/b.png"):
        check_image_list(str(bad))
    empty = tmp_path / 'empty.txt'
    empty.write_text('\n\n')
    with pytest.raises(DataError, match='empty.txt: empty'):
        check_image_list(str(empty))


def test_coco_lists():
    good = dict(images=[], annotations=[], categories=[])
    assert coco_lists_problem(good) is None
    assert 'a list, not an object' in coco_lists_problem([])
    assert '"annotations" is missing' in coco_lists_problem(
        dict(images=[], categories=[])
    )
    assert '"categories" is not a list' in coco_lists_problem(
        dict(images=[], annotations=[], categories={})
    )


def test_coco_box_inside_its_image_within_the_tolerance():
    t = BOX_TOLERANCE_PX
    check_box('a.json', 'ann 1', [-t, -t, 10 + t, 10 + t], 10, 10)
    check_box('a.json', 'ann 1', [500, 500, 9, 9], None, None)  # no size
    with pytest.raises(DataError, match=r'a.json: ann 2: .* outside its'):
        check_box('a.json', 'ann 2', [5, 0, 6 + t, 4], 10, 10)
    for bbox in ([0, 0, 1], [0, 0, math.nan, 1], [0, 0, 'w', 1]):
        with pytest.raises(DataError, match='not 4 finite numbers'):
            check_box('a.json', 'ann 3', bbox, 10, 10)


def test_instance_boxes_of_an_mmdet_data_info():
    t = BOX_TOLERANCE_PX

    def info(*boxes, size=(20, 10)):
        return dict(
            width=size[0],
            height=size[1],
            instances=[dict(bbox=b) for b in boxes],
        )

    assert instance_box_problem(info([0, 0, 20 + t, 10 + t])) is None
    assert instance_box_problem(info([0, 0, 30, 30], size=(0, 0))) is None
    assert instance_box_problem(dict(width=5, height=5)) is None
    problem = instance_box_problem(info([1, 1, 2, 2], [0, 0, 21.5, 5]))
    assert problem.startswith('instance 1:') and 'outside its 20x10' in problem
    problem = instance_box_problem(info([0, math.inf, 2, 2]))
    assert problem.startswith('instance 0:') and 'not finite' in problem
