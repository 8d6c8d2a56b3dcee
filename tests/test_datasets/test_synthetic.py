import csv
import hashlib
import json
import os

import cv2
import numpy as np
import pytest
from pycocotools.coco import COCO

from mmir.datasets.synthetic import (
    GENERATORS,
    SyntheticDataError,
    generate,
    ir_sequence,
    landmine,
    landslide_seg,
    multiband,
    read_manifest,
)
from mmir.datasets.synthetic.ir_instance import CLASSES as IR_CLASSES


def _tree_hash(root):
    digest = hashlib.sha256()
    for dirpath, dirnames, files in sorted(os.walk(root)):
        dirnames.sort()
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            digest.update(os.path.relpath(path, root).encode())
            with open(path, 'rb') as f:
                digest.update(f.read())
    return digest.hexdigest()


# Small variants keep the determinism checks fast.
SMALL = {
    'ir_instance': dict(num_train=2, num_val=1, size=(160, 128)),
    'landslide_seg': dict(num_images=5, size=(64, 64)),
    'landmine': dict(num_images=12, size=(84, 64)),
    'multiband': dict(num_images=10, size=(16, 16)),
    'masati': dict(num_images=3, size=128),
    'ir_sequence': dict(num_train=1, num_val=1, num_frames=4, size=(96, 80)),
}


@pytest.mark.parametrize('name', sorted(GENERATORS))
def test_deterministic_for_a_seed(tmp_path, name):
    a = generate(name, str(tmp_path / 'a'), seed=3, **SMALL[name])
    b = generate(name, str(tmp_path / 'b'), seed=3, **SMALL[name])
    c = generate(name, str(tmp_path / 'c'), seed=4, **SMALL[name])
    assert _tree_hash(a) == _tree_hash(b)
    assert _tree_hash(a) != _tree_hash(c)


def test_existing_folder_is_kept_or_refused(tmp_path):
    out = tmp_path / 'd'
    generate('multiband', str(out), seed=0, **SMALL['multiband'])
    before = _tree_hash(out)
    # Same settings: nothing to do, nothing rewritten.
    generate('multiband', str(out), seed=0, **SMALL['multiband'])
    assert _tree_hash(out) == before
    # Other settings: refused unless asked to overwrite.
    with pytest.raises(SyntheticDataError, match='--overwrite'):
        generate('multiband', str(out), seed=1, **SMALL['multiband'])
    assert _tree_hash(out) == before
    generate(
        'multiband', str(out), seed=1, overwrite=True, **SMALL['multiband']
    )
    assert _tree_hash(out) != before
    assert [p for p in os.listdir(tmp_path) if p.startswith('.')] == []


def test_user_folder_without_manifest_is_never_replaced(tmp_path):
    out = tmp_path / 'mine'
    out.mkdir()
    (out / 'precious.txt').write_text('keep me')
    with pytest.raises(SyntheticDataError):
        generate('landmine', str(out), **SMALL['landmine'])
    assert (out / 'precious.txt').read_text() == 'keep me'


def test_scale_multiplies_counts(tmp_path):
    out = generate(
        'landslide_seg', str(tmp_path / 's'), scale=0.5, size=(32, 32)
    )
    n = sum(
        len(files) for _, _, files in os.walk(os.path.join(out, 'img_dir'))
    )
    assert n == 10  # default 20 images x 0.5


def test_ir_instance_is_valid_coco(synthetic_root):
    root = synthetic_root / 'ir_instance'
    for split in ('train', 'val'):
        coco = COCO(str(root / 'annotations' / f'instances_{split}.json'))
        assert [c['name'] for c in coco.loadCats(coco.getCatIds())] == list(
            IR_CLASSES
        )
        kinds, small = set(), 0
        for img in coco.loadImgs(coco.getImgIds()):
            assert (img['width'], img['height']) == (640, 512)
            arr = cv2.imread(
                str(root / 'images' / split / img['file_name']),
                cv2.IMREAD_UNCHANGED,
            )
            assert arr.shape == (512, 640) and arr.dtype == np.uint8
            for ann in coco.loadAnns(coco.getAnnIds(imgIds=img['id'])):
                m = coco.annToMask(ann)
                x, y, w, h = ann['bbox']
                assert m.sum() == ann['area'] > 0
                ys, xs = np.nonzero(m)
                assert xs.min() >= x and xs.max() < x + w
                assert ys.min() >= y and ys.max() < y + h
                kinds.add(type(ann['segmentation']).__name__)
                small += ann['area'] < 32**2
        assert small > 0  # small objects are there
    assert kinds == {'list', 'dict'}  # polygons and RLE


def test_landslide_layout(synthetic_root):
    root = synthetic_root / 'landslide_seg'
    counts, positives = {}, 0
    for split in landslide_seg.SPLITS:
        names = sorted(os.listdir(root / 'img_dir' / split))
        assert names == sorted(os.listdir(root / 'ann_dir' / split))
        counts[split] = len(names)
        for name in names:
            img = cv2.imread(str(root / 'img_dir' / split / name))
            ann = cv2.imread(
                str(root / 'ann_dir' / split / name), cv2.IMREAD_UNCHANGED
            )
            assert img.shape == (512, 512, 3) and ann.shape == (512, 512)
            assert set(np.unique(ann)) <= {0, 1}
            positives += ann.any()
    assert counts == dict(train=12, val=4, test=4)  # 6:2:2
    assert 0 < positives < 20  # positives and negatives


def test_landmine_layout(synthetic_root):
    root = synthetic_root / 'landmine'
    with open(root / 'metadata.csv') as f:
        rows = list(csv.DictReader(f))
    boxes = json.loads((root / 'boxes.json').read_text())
    labels = np.array([int(r['label']) for r in rows])
    assert 0.05 < (labels == 0).mean() < 0.2  # heavy imbalance, as in paper
    for r in rows:
        assert (int(r['zone']) == landmine.NEGATIVE_ZONE) == (
            r['label'] == '0'
        )
        assert 1 <= float(r['altitude_m']) <= 10
        img = cv2.imread(
            str(root / 'images' / r['filename']), cv2.IMREAD_UNCHANGED
        )
        assert img.shape == (256, 336)
        if r['label'] == '1':
            assert boxes[r['filename']]
        for x1, y1, x2, y2 in boxes.get(r['filename'], []):
            assert 0 <= x1 < x2 <= 336 and 0 <= y1 < y2 <= 256
    lines = {
        s: (root / 'meta' / f'{s}.txt').read_text().splitlines()
        for s in ('all', 'train', 'val')
    }
    assert sorted(lines['train'] + lines['val']) == sorted(lines['all'])
    for split in ('train', 'val'):
        assert {line.split()[1] for line in lines[split]} == {'0', '1'}


def test_multiband_layout(synthetic_root):
    root = synthetic_root / 'multiband'
    bands = json.loads((root / 'bands.json').read_text())['bands']
    assert bands == list(multiband.BANDS) and len(bands) >= 12
    ids = []
    for split in ('train', 'test'):
        with open(root / f'{split}.csv') as f:
            rows = list(csv.DictReader(f))
        ids += [r['id'] for r in rows]
        labels = np.array([int(r['label']) for r in rows])
        assert 0.1 < labels.mean() < 0.35  # landslides are the minority
    assert len(ids) == len(set(ids)) == 100
    x = np.load(root / 'arrays' / f'{ids[0]}.npy')
    assert x.shape == (len(bands), 64, 64) and x.dtype == np.float32
    assert np.isfinite(x).all()


def test_sequence_layout(synthetic_root):
    root = synthetic_root / 'ir_sequence'
    ann = json.loads((root / 'annotations' / 'train.json').read_text())
    assert [c['name'] for c in ann['categories']] == list(ir_sequence.CLASSES)
    assert len(ann['videos']) == 3
    frames = {}
    for img in ann['images']:
        frames.setdefault(img['video_id'], []).append(img['frame_id'])
        arr = cv2.imread(
            str(root / 'frames' / img['file_name']), cv2.IMREAD_UNCHANGED
        )
        assert arr.shape == (512, 640) and arr.dtype == np.uint16
        assert arr.max() < 2**14
    assert all(sorted(f) == list(range(8)) for f in frames.values())
    cats = {a['category_id'] for a in ann['annotations']}
    assert cats == {1, 2}  # targets and interference
    targets = [a for a in ann['annotations'] if a['category_id'] == 1]
    assert max(a['bbox'][2] * a['bbox'][3] for a in targets) < 81  # SPIE
    # new sequences for the hard-example loop, labelled for the oracle
    pool = json.loads((root / 'annotations' / 'pool.json').read_text())
    assert len(pool['videos']) == 1 and len(pool['images']) == 8
    assert {img['video_id'] for img in pool['images']}.isdisjoint(frames)


def test_sequence_8bit(tmp_path):
    out = generate(
        'ir_sequence',
        str(tmp_path / 's8'),
        bit_depth=8,
        **SMALL['ir_sequence'],
    )
    arr = cv2.imread(
        os.path.join(out, 'frames', 'seq_0000', '000000.png'),
        cv2.IMREAD_UNCHANGED,
    )
    assert arr.dtype == np.uint8
    with pytest.raises(ValueError, match='bit_depth'):
        generate('ir_sequence', str(tmp_path / 's12'), bit_depth=12)


def test_unknown_dataset(tmp_path):
    with pytest.raises(SyntheticDataError, match='unknown synthetic dataset'):
        generate('nope', str(tmp_path))


def _image_means(root, label):
    with open(root / 'metadata.csv') as f:
        rows = list(csv.DictReader(f))
    return [
        cv2.imread(str(root / 'images' / r['filename']), 0).mean()
        for r in rows
        if r['label'] == str(label)
    ]


def test_landmine_evidence_options(tmp_path):
    """zone_cue=False: the mine-free zone no longer has its own look (its
    images' brightness varies as much as the mined ones'); altitudes and
    depths are drawn from the given ranges and recorded in the manifest."""
    common = dict(num_images=80, negative_ratio=0.5, size=(84, 64))
    cue = generate('landmine', str(tmp_path / 'cue'), **common)
    free = generate(
        'landmine',
        str(tmp_path / 'free'),
        zone_cue=False,
        altitudes=(3, 8),
        depths=(0, 1),
        **common,
    )
    assert np.std(_image_means(tmp_path / 'cue', 0)) < 2
    assert np.std(_image_means(tmp_path / 'free', 0)) > 3
    with open(f'{free}/metadata.csv') as f:
        rows = list(csv.DictReader(f))
    assert {int(float(r['altitude_m'])) for r in rows} <= set(range(3, 9))
    assert {r['depth_cm'] for r in rows if r['label'] == '1'} <= {'0', '1'}
    manifest = read_manifest(free)
    assert manifest['zone_cue'] is False
    assert manifest['altitudes'] == [3, 8] and manifest['depths'] == [0, 1]
    # the defaults add nothing: folders made before the options stay valid
    assert 'zone_cue' not in read_manifest(cue)
    with pytest.raises(SyntheticDataError, match='altitudes'):
        generate('landmine', str(tmp_path / 'bad'), altitudes=(5, 2))
    with pytest.raises(SyntheticDataError, match='depths'):
        generate('landmine', str(tmp_path / 'bad'), depths=())


def test_multiband_hard_minority(tmp_path):
    """hard_minority: some landslides show no SAR change (band 7, which no
    decoy touches, is speckle only), as none does in the default set."""

    def band7_std(root):
        rows = []
        for split in ('train', 'test'):
            with open(f'{root}/{split}.csv') as f:
                rows += list(csv.DictReader(f))
        return [
            float(np.load(f'{root}/arrays/{r["id"]}.npy')[7].std())
            for r in rows
            if r['label'] == '1'
        ]

    common = dict(num_images=60, positive_ratio=0.5, size=(32, 32))
    easy = generate('multiband', str(tmp_path / 'easy'), **common)
    hard = generate(
        'multiband', str(tmp_path / 'hard'), hard_minority=True, **common
    )
    assert min(band7_std(easy)) > 0.75
    assert sum(s < 0.65 for s in band7_std(hard)) >= 5
    manifest = read_manifest(hard)
    assert manifest['hard_minority'] is True


def test_landslide_relic_strength(tmp_path):
    """relic_strength < 1: the same landslides (same masks for a seed),
    closer to their surroundings; recorded in the manifest."""

    def contrast(root):
        out = []
        for ann in sorted((root / 'ann_dir' / 'train').glob('*.png')):
            mask = cv2.imread(str(ann), 0)
            if not mask.any():
                continue
            img = cv2.imread(str(ann).replace('ann_dir', 'img_dir'))
            img = img.astype(np.float32)
            ring = cv2.dilate(mask, np.ones((15, 15), np.uint8)) - mask
            inside = img[mask > 0].mean(0)
            out.append(np.abs(inside - img[ring > 0].mean(0)).sum())
        return np.mean(out), sorted(p.name for p in root.rglob('*.png'))

    common = dict(num_images=10, size=(128, 128), seed=1)
    full = generate('landslide_seg', str(tmp_path / 'full'), **common)
    faint = generate(
        'landslide_seg', str(tmp_path / 'faint'), relic_strength=0.3, **common
    )
    (c_full, files), (c_faint, files_faint) = (
        contrast(tmp_path / 'full'),
        contrast(tmp_path / 'faint'),
    )
    assert files == files_faint and c_faint < 0.6 * c_full
    masks = sorted((tmp_path / 'full' / 'ann_dir').rglob('*.png'))
    for path in masks:
        other = str(path).replace('full', 'faint')
        assert (cv2.imread(str(path), 0) == cv2.imread(other, 0)).all()
    assert read_manifest(faint)['relic_strength'] == 0.3
    assert 'relic_strength' not in read_manifest(full)
    with pytest.raises(SyntheticDataError, match='relic_strength'):
        generate('landslide_seg', str(tmp_path / 'bad'), relic_strength=0)


def test_ir_instance_small_low_contrast(tmp_path):
    """object_scale < 1 shrinks the objects, contrast < 1 brings them
    closer to the background; both recorded in the manifest only when
    set."""

    def stats(root):
        coco = COCO(str(root / 'annotations' / 'instances_train.json'))
        sides, contrasts = [], []
        for img_info in coco.loadImgs(coco.getImgIds()):
            img = cv2.imread(
                str(root / 'images' / 'train' / img_info['file_name']), 0
            )
            img = img.astype(np.float32)
            for ann in coco.loadAnns(coco.getAnnIds(imgIds=img_info['id'])):
                mask = coco.annToMask(ann).astype(np.uint8)
                ring = cv2.dilate(mask, np.ones((7, 7), np.uint8)) - mask
                sides.append(np.sqrt(ann['bbox'][2] * ann['bbox'][3]))
                contrasts.append(
                    abs(img[mask > 0].mean() - img[ring > 0].mean())
                )
        return np.median(sides), np.median(contrasts)

    common = dict(num_train=6, num_val=1, size=(320, 256), seed=2)
    full = generate('ir_instance', str(tmp_path / 'full'), **common)
    small = generate(
        'ir_instance', str(tmp_path / 'small'), object_scale=0.5, **common
    )
    faint = generate(
        'ir_instance', str(tmp_path / 'faint'), contrast=0.3, **common
    )
    (side, c_full), (side_small, _), (side_faint, c_faint) = (
        stats(tmp_path / n) for n in ('full', 'small', 'faint')
    )
    assert side_small < 0.75 * side and abs(side_faint - side) < 0.2 * side
    assert c_faint < 0.6 * c_full
    assert read_manifest(small)['object_scale'] == 0.5
    assert read_manifest(faint)['contrast'] == 0.3
    assert not {'object_scale', 'contrast'} & set(read_manifest(full))
    with pytest.raises(SyntheticDataError, match='contrast'):
        generate('ir_instance', str(tmp_path / 'bad'), contrast=1.5)
    with pytest.raises(SyntheticDataError, match='object_scale'):
        generate('ir_instance', str(tmp_path / 'bad'), object_scale=0)
