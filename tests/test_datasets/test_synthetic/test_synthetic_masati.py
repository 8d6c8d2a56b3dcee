"""The masati generator: MASATI-v2's folders, one VOC XML per ship tile
with 1-2 boxes inside the image, RGB tiles of the asked size."""

import os
import xml.etree.ElementTree as ET

import cv2

from mmir.datasets.synthetic import generate
from mmir.datasets.synthetic.masati import FOLDERS


def test_masati_layout_and_ship_boxes(tmp_path):
    root = generate('masati', str(tmp_path / 'masati'), num_images=3, size=96)
    for folder, prefix in FOLDERS.items():
        names = sorted(os.listdir(os.path.join(root, folder)))
        assert names == [f'{prefix}{i:04d}.png' for i in range(3)]
        img = cv2.imread(os.path.join(root, folder, names[0]))
        assert img.shape == (96, 96, 3)
    xmls = sorted(os.listdir(os.path.join(root, 'coast_ship_labels')))
    assert xmls == [f'x{i:04d}.xml' for i in range(3)]
    for name in xmls:
        tree = ET.parse(os.path.join(root, 'coast_ship_labels', name))
        assert tree.findtext('filename') == name.replace('.xml', '.png')
        assert tree.findtext('size/width') == '96'
        boxes = [
            [
                int(o.findtext(f'bndbox/{k}'))
                for k in ('xmin', 'ymin', 'xmax', 'ymax')
            ]
            for o in tree.iter('object')
        ]
        assert 1 <= len(boxes) <= 2
        for x1, y1, x2, y2 in boxes:
            assert 0 <= x1 < x2 <= 96 and 0 <= y1 < y2 <= 96
