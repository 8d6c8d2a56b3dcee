"""IRSequenceDataset and LoadSequenceFrames on video COCO files."""

import cv2
import numpy as np
import pytest
from mmdet.registry import DATASETS

import mmir.det  # noqa: F401


# ----------------------------------------------------------- input (eq. 1)
def _write_sequence(root, bit_depth=16, n=6):
    import json

    (root / 'frames' / 's0').mkdir(parents=True)
    images, anns = [], []
    for t in range(n):
        frame = (
            np.full((24, 32), 1000 + t, np.uint16)
            if bit_depth == 16
            else np.full((24, 32), 10 + t, np.uint8)
        )
        cv2.imwrite(str(root / 'frames' / 's0' / f'{t:06d}.png'), frame)
        images.append(
            dict(
                id=t + 1,
                file_name=f's0/{t:06d}.png',
                video_id=1,
                frame_id=t,
                height=24,
                width=32,
            )
        )
        anns.append(
            dict(
                id=t + 1,
                image_id=t + 1,
                category_id=1,
                bbox=[t, 2, 3, 3],
                instance_id=7,
            )
        )
    (root / 'ann.json').write_text(
        json.dumps(
            dict(
                images=images,
                annotations=anns,
                videos=[dict(id=1, name='s0')],
                categories=[
                    dict(id=1, name='target'),
                    dict(id=2, name='interference'),
                ],
            )
        )
    )


@pytest.mark.parametrize('bit_depth', [8, 16])
def test_dataset_samples_and_loading(tmp_path, bit_depth):
    _write_sequence(tmp_path, bit_depth)
    pipeline = [
        dict(type='LoadSequenceFrames'),
        dict(type='SequenceDifference', normalize=None),
    ]
    ds = DATASETS.build(
        dict(
            type='IRSequenceDataset',
            data_root=str(tmp_path),
            ann_file='ann.json',
            data_prefix=dict(img='frames/'),
            pipeline=pipeline,
        )
    )
    assert len(ds) == 3  # frames 3, 4, 5 have F2..F4 = t-1..t-3
    info = ds.get_data_info(0)
    assert info['frame_id'] == 3
    assert [p[-10:] for p in info['img_paths']] == [
        '000003.png',
        '000002.png',
        '000001.png',
        '000000.png',
    ]
    assert info['instances'][0]['bbox'] == [3, 2, 6, 5]
    img = ds[0]['img']
    np.testing.assert_array_equal(img[0, 0], [1, 2, 3])  # F1 - F2..F4
    ds = DATASETS.build(
        dict(
            type='IRSequenceDataset',
            data_root=str(tmp_path),
            ann_file='ann.json',
            data_prefix=dict(img='frames/'),
            edge='replicate',
            pipeline=pipeline,
        )
    )
    assert len(ds) == 6
    assert ds.get_data_info(0)['img_paths'][-1].endswith('000000.png')


def test_dataset_errors_name_the_file(tmp_path):
    import json

    _write_sequence(tmp_path)
    raw = json.loads((tmp_path / 'ann.json').read_text())
    del raw['images'][2]['frame_id']
    (tmp_path / 'bad.json').write_text(json.dumps(raw))
    with pytest.raises(ValueError, match=r'bad.json.*images\[2\].*frame_id'):
        DATASETS.build(
            dict(
                type='IRSequenceDataset',
                data_root=str(tmp_path),
                ann_file='bad.json',
            )
        )
    raw = json.loads((tmp_path / 'ann.json').read_text())
    raw['categories'][0]['name'] = 'plane'
    (tmp_path / 'bad.json').write_text(json.dumps(raw))
    with pytest.raises(ValueError, match="bad.json.*'plane'"):
        DATASETS.build(
            dict(
                type='IRSequenceDataset',
                data_root=str(tmp_path),
                ann_file='bad.json',
            )
        )
    with pytest.raises(ValueError, match='frame_offsets'):
        DATASETS.build(
            dict(
                type='IRSequenceDataset',
                frame_offsets=(-1, 0),
                data_root=str(tmp_path),
                ann_file='ann.json',
            )
        )
