"""LandslideDataset: mmseg's img_dir/ann_dir layout with .png masks, the
two landslide classes, labels kept as they are (no zero reduction)."""

import numpy as np
from mmseg.datasets.transforms import LoadAnnotations

from mmir.datasets.synthetic import generate
from mmir.datasets.synthetic.landslide_seg import CLASSES
from mmir.seg.datasets import LandslideDataset


def test_images_pair_with_their_masks(tmp_path):
    root = generate('landslide_seg', str(tmp_path / 'ls'), num_images=5)
    ds = LandslideDataset(
        data_root=root,
        data_prefix=dict(
            img_path='img_dir/train', seg_map_path='ann_dir/train'
        ),
    )
    assert ds.metainfo['classes'] == CLASSES and len(CLASSES) == 2
    assert len(ds) > 0
    info = ds.get_data_info(0)
    stem = info['img_path'].rsplit('/', 1)[1]
    assert info['seg_map_path'].endswith(f'ann_dir/train/{stem}')
    assert info['reduce_zero_label'] is False
    mask = LoadAnnotations()(info)['gt_seg_map']
    assert set(np.unique(mask)) <= {0, 1}
