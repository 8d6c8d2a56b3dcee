"""tools/dataset_converters/{legbreaker,masati}.py on the synthetic sets."""

import json
import shutil

import cv2
import numpy as np
from conftest import ROOT, run_tool

TOOLS = f'{ROOT}/tools/dataset_converters'


def _lists(folder):
    return {
        p.stem: [line.split() for line in p.read_text().splitlines()]
        for p in folder.glob('*.txt')
    }


def test_legbreaker_labels_crops_and_splits(synthetic_root, tmp_path):
    root = tmp_path / 'landmine'
    shutil.copytree(
        synthetic_root / 'landmine',
        root,
        ignore=shutil.ignore_patterns('mmir_ann', 'inpainted'),
    )
    meta = [
        line.split(',')
        for line in (root / 'metadata.csv').read_text().splitlines()[1:]
    ]
    negatives = [r[0] for r in meta if r[1] == '9']
    (root / 'crop_boxes.json').write_text(
        json.dumps({negatives[0]: [0, 0, 200, 256]})
    )
    proc = run_tool(f'{TOOLS}/legbreaker.py', root)
    assert f'{len(negatives)} negative' in proc.stdout
    lists = _lists(root / 'mmir_ann')
    assert len(lists['all']) == len(meta) == 60
    assert sorted(map(tuple, lists['train'] + lists['val'])) == sorted(
        map(tuple, lists['all'])
    )
    labels = {p: int(lb) for p, lb in lists['all']}
    for name, zone in ((r[0], r[1]) for r in meta):
        key = (
            f'images/{name}'
            if name != negatives[0]
            else 'mmir_ann/crops/' + name.replace('.jpg', '.png')
        )
        assert labels[key] == int(zone != '9')
    # Stratified hold-out: each class keeps about 20 %.
    val_pos = sum(int(lb) for _, lb in lists['val'])
    assert val_pos == round(53 * 0.2) and len(lists['val']) == 12
    crop = cv2.imread(
        str(root / 'mmir_ann/crops' / negatives[0].replace('.jpg', '.png')),
        cv2.IMREAD_UNCHANGED,
    )
    src = cv2.imread(str(root / 'images' / negatives[0]), cv2.IMREAD_UNCHANGED)
    assert crop.shape == (256, 200) and np.array_equal(crop, src[:, :200])


def test_legbreaker_errors(synthetic_root, tmp_path):
    root = tmp_path / 'landmine'
    shutil.copytree(
        synthetic_root / 'landmine',
        root,
        ignore=shutil.ignore_patterns('mmir_ann', 'inpainted'),
    )
    tool = f'{TOOLS}/legbreaker.py'
    proc = run_tool(tool, root, '--zone-col', 'area', check=False)
    assert proc.returncode == 2 and "no column 'area'" in proc.stderr
    (root / 'crop_boxes.json').write_text(
        json.dumps({'000000.jpg': [0, 0, 9, 9]})
    )
    proc = run_tool(tool, root, check=False)
    assert proc.returncode == 2 and 'positive image' in proc.stderr
    meta = (root / 'metadata.csv').read_text().splitlines()
    neg = next(r.split(',')[0] for r in meta[1:] if r.split(',')[1] == '9')
    (root / 'crop_boxes.json').write_text(json.dumps({neg: [0, 0, 400, 9]}))
    proc = run_tool(tool, root, check=False)
    assert proc.returncode == 2 and 'not inside' in proc.stderr
    assert not (root / 'mmir_ann').exists()


def test_masati_lists_boxes_and_quirks(synthetic_root, tmp_path):
    root = tmp_path / 'masati'
    shutil.copytree(
        synthetic_root / 'masati',
        root,
        ignore=shutil.ignore_patterns('mmir_ann', 'inpainted'),
    )
    labels = root / 'coast_ship_labels'
    # MASATI quirk: a file claiming 224x224 with a box reaching past it.
    xml = (labels / 'x0001.xml').read_text()
    xml = xml.replace('<width>512</width>', '<width>224</width>')
    xml = xml.replace(
        '</object>',
        '</object>\n<object><name>boat</name>'
        '<bndbox><xmin>500</xmin><ymin>10</ymin><xmax>530'
        '</xmax><ymax>20</ymax></bndbox></object>',
        1,
    )
    (labels / 'x0001.xml').write_text(xml)
    (labels / 'x0002.xml').unlink()
    proc = run_tool(f'{TOOLS}/masati.py', root)
    assert '1 coast_ship images have no' in proc.stdout
    lists = _lists(root / 'mmir_ann')
    assert len(lists['sea']) == 12 and all(lb == '0' for _, lb in lists['sea'])
    for cls, label in (('coast', '0'), ('coast_ship', '1')):
        test = [p for p, lb in lists['test'] if p.startswith(cls + '/')]
        train = [p for p, lb in lists['train'] if p.startswith(cls + '/')]
        assert len(test) == round(12 * 0.2) and len(train) + len(test) == 12
        assert all(
            lb == label for p, lb in lists['all'] if p.startswith(cls + '/')
        )
    boxes = json.loads((root / 'mmir_ann/boxes.json').read_text())
    assert 'coast_ship/x0002.png' not in boxes and len(boxes) == 11
    assert boxes['coast_ship/x0001.png'][-1] == [500, 10, 512, 20]
    (labels / 'x0003.xml').write_text('<annotation><object>')
    proc = run_tool(
        f'{TOOLS}/masati.py', root, '--out-dir', 'other', check=False
    )
    assert proc.returncode == 2 and 'x0003.xml: not valid XML' in proc.stderr


def _relic_source(root, n_pos=5, n_neg=5):
    rng = np.random.default_rng(0)
    (root / 'images').mkdir(parents=True)
    (root / 'masks').mkdir()
    for i in range(n_pos + n_neg):
        h, w = (40, 70) if i % 2 else (90, 60)
        img = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
        mask = np.zeros((h, w), np.uint8)
        if i < n_pos:
            mask[5:30, 10:40] = 255  # 0/255 masks
        cv2.imwrite(str(root / 'images' / f'tile{i:02d}.jpg'), img)
        cv2.imwrite(str(root / 'masks' / f'tile{i:02d}.png'), mask)


def test_relic_landslide_letterbox_split_and_layout(tmp_path):
    src, out = tmp_path / 'src', tmp_path / 'out'
    _relic_source(src)
    before = {p: p.read_bytes() for p in src.rglob('*') if p.is_file()}
    tool = 'tools/dataset_converters/relic_landslide.py'
    run_tool(tool, src, out, '--size', 64)
    splits = json.loads((out / 'splits.json').read_text())
    assert len(splits) == 10
    for label in (0, 1):  # 6:2:2 within each class
        got = [v[0] for v in splits.values() if v[1] == label]
        assert sorted(got) == ['test', 'train', 'train', 'train', 'val']
    for stem, (split, label, source) in splits.items():
        img = cv2.imread(str(out / 'img_dir' / split / f'{stem}.png'))
        ann = cv2.imread(
            str(out / 'ann_dir' / split / f'{stem}.png'), cv2.IMREAD_UNCHANGED
        )
        assert img.shape == (64, 64, 3) and ann.shape == (64, 64)
        assert set(np.unique(ann)) <= {0, 1} and int(ann.any()) == label
        i = int(stem[4:])
        # Longer side scaled to 64, zero padding bottom/right.
        if i % 2:  # 40x70 -> 64 wide, 37 high
            assert (img[37:] == 0).all() and img[:36].any()
        else:  # 90x60 -> 64 high, 43 wide
            assert (img[:, 43:] == 0).all()
        if label:  # mask rows 5:30 of 40 or 90 -> scaled
            s = 64 / (70 if i % 2 else 90)
            assert ann[int(10 * s), int(20 * s)] == 1
        assert source == f'images/{stem}.jpg'
    assert before == {p: p.read_bytes() for p in src.rglob('*') if p.is_file()}
    run_tool(tool, src, out, '--size', 64)  # same settings: nothing to do
    proc = run_tool(tool, src, out, '--size', 32, check=False)
    assert proc.returncode == 2 and '--overwrite' in proc.stderr
    run_tool(tool, src, out, '--size', 32, '--overwrite')
    assert cv2.imread(str(next((out / 'img_dir').rglob('*.png')))).shape == (
        32,
        32,
        3,
    )


def test_relic_landslide_errors(tmp_path):
    src = tmp_path / 'src'
    _relic_source(src, 2, 2)
    tool = 'tools/dataset_converters/relic_landslide.py'
    (src / 'masks' / 'tile03.png').unlink()
    proc = run_tool(tool, src, tmp_path / 'a', check=False)
    assert proc.returncode == 2 and 'tile03.jpg' in proc.stderr
    run_tool(
        tool, src, tmp_path / 'a', '--size', 16, '--missing-mask-is-negative'
    )
    assert (
        json.loads((tmp_path / 'a' / 'splits.json').read_text())['tile03'][1]
        == 0
    )
    cv2.imwrite(str(src / 'masks' / 'tile03.png'), np.zeros((5, 5), np.uint8))
    proc = run_tool(tool, src, tmp_path / 'b', check=False)
    assert proc.returncode == 2 and 'tile03.png: mask is 5x5' in proc.stderr
    assert not (tmp_path / 'b').exists()
