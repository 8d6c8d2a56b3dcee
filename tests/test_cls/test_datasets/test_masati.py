"""MASATIDataset (Kim & Kwon, sec. 4.5): the ship / no-ship lists of
tools/dataset_converters/masati.py, checked before they are parsed."""

import pytest

from mmir.cls.datasets import MASATIDataset
from mmir.utils.config_check import DataError


def test_binary_ship_task(tmp_path):
    (tmp_path / 'test.txt').write_text('coast/x.png 0\ncoast_ship/y.png 1\n')
    ds = MASATIDataset(ann_file='test.txt', data_root=str(tmp_path))
    assert ds.metainfo['classes'] == ('no ship', 'ship')
    assert len(ds) == 2 and ds.get_cat_ids(1) == [1]


def test_a_line_without_label_is_refused(tmp_path):
    (tmp_path / 'test.txt').write_text('coast/x.png\n')
    with pytest.raises(DataError, match=r"test.txt, line 1: 'coast/x.png'"):
        MASATIDataset(ann_file='test.txt', data_root=str(tmp_path))
