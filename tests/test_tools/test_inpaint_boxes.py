"""tools/dataset_converters/inpaint_boxes.py: only boxed pixels change;
bad boxes are reported."""

import hashlib
import json
import shutil

import cv2
import numpy as np
from conftest import ROOT, run_tool

from mmir.inpainting import (
    box_mask,
)


def _digest(folder):
    return {
        p.name: hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob('*'))
    }


def test_tool_changes_only_boxed_pixels(synthetic_root, tmp_path):
    root = tmp_path / 'landmine'
    shutil.copytree(
        synthetic_root / 'landmine',
        root,
        ignore=shutil.ignore_patterns('inpainted'),
    )
    before = _digest(root / 'images')
    tool = f'{ROOT}/tools/dataset_converters/inpaint_boxes.py'
    args = (root, '--ann-file', 'meta/all.txt', '--margin', 3)
    args += ('--out-dir', 'inp')
    proc = run_tool(tool, *args)
    assert 'images/s' in proc.stdout
    assert _digest(root / 'images') == before  # sources untouched
    boxes = json.loads((root / 'boxes.json').read_text())
    labels = dict(
        line.split()
        for line in (root / 'meta' / 'all.txt').read_text().splitlines()
    )
    pairs = [
        line.split()
        for line in (root / 'inp' / 'pairs.txt').read_text().splitlines()
    ]
    positives = [n for n in boxes if labels[f'images/{n}'] == '1']
    assert sorted(s for _, s in pairs) == sorted(
        f'images/{n}' for n in positives
    )
    for dst, src in pairs:
        img = cv2.imread(str(root / src), cv2.IMREAD_UNCHANGED)
        out = cv2.imread(str(root / dst), cv2.IMREAD_UNCHANGED)
        assert out is not None and out.shape == img.shape
        name = src.split('/', 1)[1]
        mask = box_mask(img.shape, boxes[name], margin=3)
        assert np.array_equal(out[mask == 0], img[mask == 0])
        assert (out[mask > 0] != img[mask > 0]).any()
        saved = cv2.imread(
            str(root / 'inp' / 'masks' / dst.split('/')[-1]),
            cv2.IMREAD_GRAYSCALE,
        )
        assert np.array_equal(saved > 0, mask > 0)
    # Same settings again: nothing to do; other settings: refused.
    again = run_tool(tool, *args)
    assert 'already holds' in again.stdout
    refused = run_tool(tool, root, '--out-dir', 'inp', check=False)
    assert refused.returncode == 2 and '--overwrite' in refused.stderr


def test_tool_reports_bad_boxes(tmp_path):
    root = tmp_path / 'd'
    (root / 'images').mkdir(parents=True)
    cv2.imwrite(str(root / 'images' / 'a.png'), np.zeros((8, 8), np.uint8))
    (root / 'boxes.json').write_text(json.dumps({'a.png': [[4, 4, 2, 6]]}))
    proc = run_tool(
        f'{ROOT}/tools/dataset_converters/inpaint_boxes.py', root, check=False
    )
    assert proc.returncode == 2
    assert 'boxes.json [a.png]' in proc.stderr and 'degenerate' in proc.stderr
    assert not (root / 'inpainted').exists()
    (root / 'boxes.json').write_text(json.dumps({'b.png': [[1, 1, 2, 2]]}))
    proc = run_tool(
        f'{ROOT}/tools/dataset_converters/inpaint_boxes.py', root, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith('b.png: image file not found')
    assert 'boxes.json' in proc.stderr  # the record that names it
