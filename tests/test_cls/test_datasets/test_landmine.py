"""LandmineDataset: mmpretrain's ``<image> <label>`` list, checked line by
line before it is parsed."""

import pytest

from mmir.cls.datasets import LandmineDataset
from mmir.datasets.synthetic.landmine import CLASSES
from mmir.utils.config_check import DataError


def test_list_is_read_with_the_landmine_classes(tmp_path):
    (tmp_path / 'train.txt').write_text('a.png 0\nb.png 1\n')
    ds = LandmineDataset(
        ann_file='train.txt', data_root=str(tmp_path), data_prefix='images'
    )
    assert ds.metainfo['classes'] == CLASSES
    assert [ds.get_data_info(i)['gt_label'] for i in range(2)] == [0, 1]
    assert ds.get_data_info(1)['img_path'].endswith('images/b.png')


def test_a_bad_line_names_the_file_and_line(tmp_path):
    (tmp_path / 'train.txt').write_text('a.png 0\nb.png mine\n')
    with pytest.raises(DataError, match=r'train.txt, line 2'):
        LandmineDataset(ann_file='train.txt', data_root=str(tmp_path))
