import hashlib
import json
import shutil

import cv2
import numpy as np
import pytest
import torch
from conftest import ROOT, run_tool

from mmir.inpainting import (
    INPAINTERS,
    TorchScriptInpainter,
    box_mask,
    build_inpainter,
    inpaint_boxes,
)


def test_box_mask_margin_clip_and_errors():
    m = box_mask((10, 12), [[2, 3, 5, 6]])
    assert m.sum() == 9 and m[3:6, 2:5].all()
    m = box_mask((10, 12), [[2, 3, 5, 6]], margin=1)
    assert m.sum() == 25 and m[2:7, 1:6].all()
    m = box_mask((10, 12), [[-4, -4, 2, 2]], margin=5)  # clipped
    assert m[:7, :7].all() and m.sum() == 49
    with pytest.raises(ValueError, match='x.png: degenerate'):
        box_mask((10, 12), [[5, 3, 5, 6]], source='x.png')
    with pytest.raises(ValueError, match='outside'):
        box_mask((10, 12), [[20, 3, 25, 6]])
    with pytest.raises(ValueError, match=r'\[x1, y1, x2, y2\]'):
        box_mask((10, 12), [[1, 2, 3]])


@pytest.mark.parametrize('method', ['telea', 'ns'])
@pytest.mark.parametrize('channels', [1, 3])
def test_opencv_changes_only_the_mask(method, channels):
    rng = np.random.default_rng(0)
    shape = (40, 50) if channels == 1 else (40, 50, 3)
    img = rng.integers(0, 255, shape, dtype=np.uint8)
    img[10:20, 10:20] = 255  # a bright target
    out, mask = inpaint_boxes(
        img, [[10, 10, 20, 20]], build_inpainter(method), margin=2
    )
    outside = mask == 0
    assert np.array_equal(out[outside], img[outside])
    inside = out[10:20, 10:20].astype(float)
    assert inside.mean() < 230  # the target is gone
    assert out.dtype == img.dtype and out.shape == img.shape


def test_no_boxes_is_a_copy():
    img = np.zeros((8, 8), np.uint8)
    out, mask = inpaint_boxes(img, [], build_inpainter('telea'))
    assert not mask.any() and np.array_equal(out, img) and out is not img


class _Half(torch.nn.Module):
    def forward(self, image, mask):
        assert image.shape[-2] % 8 == 0 and image.shape[-1] % 8 == 0
        return torch.full_like(image, 0.5)


def test_torchscript_inpainter_lama_convention(tmp_path):
    path = tmp_path / 'toy.pt'
    torch.jit.script(_Half()).save(str(path))
    inp = build_inpainter(
        dict(type='TorchScriptInpainter', checkpoint=str(path))
    )
    assert isinstance(inp, TorchScriptInpainter)
    for shape in ((21, 30), (21, 30, 3)):
        img = np.full(shape, 7, np.uint8)
        out, mask = inpaint_boxes(img, [[3, 4, 9, 10]], inp)
        assert (out[mask > 0] == 128).all()
        assert (out[mask == 0] == 7).all()
    with pytest.raises(RuntimeError, match='cannot load'):
        TorchScriptInpainter(str(tmp_path / 'missing.pt'))


def test_registry_accepts_user_inpainters():
    @INPAINTERS.register_module(force=True)
    class Zero:
        def __call__(self, image, mask):
            return np.zeros_like(image)

    out, mask = inpaint_boxes(
        np.full((5, 5), 9, np.uint8),
        [[1, 1, 3, 3]],
        build_inpainter(dict(type='Zero')),
    )
    assert out[1:3, 1:3].sum() == 0 and out.sum() == 9 * 21
    with pytest.raises(ValueError, match='method'):
        build_inpainter('bogus')


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
    proc = run_tool(
        tool,
        root,
        '--ann-file',
        'meta/all.txt',
        '--margin',
        3,
        '--out-dir',
        'inp',
    )
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
    again = run_tool(
        tool,
        root,
        '--ann-file',
        'meta/all.txt',
        '--margin',
        3,
        '--out-dir',
        'inp',
    )
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
