"""Fuzzing every dataset format mmir reads: each broken copy of a synthetic
set either loads (a documented acceptance, e.g. a unicode path) or ends in
a :class:`DataError` naming the broken file; never another exception from
inside a toolbox. The datasets are built through :class:`GuardedDataset`
as the entry points build them, with training semantics, and every sample
is loaded."""

import csv
import json
import os
import shutil

import numpy as np
import pytest
from conftest import run_tool, write_flir_v2
from mmengine.registry import DATASETS, DefaultScope

import mmir.cls  # noqa: F401
import mmir.det  # noqa: F401
import mmir.seg  # noqa: F401
from mmir.datasets.guarded_dataset import DataError
from mmir.experiments.runs import load_config
from mmir.utils.config_check import override_data_root

FORMATS = {
    'landmine-list': dict(
        config='configs/synthetic/resnet18-gap_1xb4-20i_synth-landmine.py',
        data='landmine',
        ann='meta/val.txt',
    ),
    # MASATI through tools/dataset_converters/masati.py (image lists)
    'masati-list': dict(
        config='configs/abmil/resnet18-abmil_1xb4-20i_synth-masati.py',
        data='masati',
        ann='mmir_ann/test.txt',
    ),
    'multiband-csv': dict(
        config='configs/effnetv2_svm/'
        'effnetv2-b0-svm_c0.1_1xb8-20i_synth-multiband.py',
        data='multiband',
        ann='test.csv',
    ),
    # the same arrays in one HDF5 container, one dataset per sample id
    'multiband-h5': dict(
        config='configs/effnetv2_svm/'
        'effnetv2-b0-svm_c0.1_1xb8-20i_synth-multiband.py',
        data='multiband',
        ann='test.csv',
        data_prefix='arrays.h5',
    ),
    'coco': dict(
        config='configs/synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py',
        data='ir_instance',
        ann='annotations/instances_val.json',
        img_prefix='images/val/',
    ),
    # FLIR ADAS v2 layout through the FLIR converter, read by mmdet's own
    # CocoDataset as the FLIR configs read it
    'flir-coco': dict(
        config='configs/bnsa_mask_rcnn/mask-rcnn_r50-bnsa-fpn_focal-siou_'
        'bce-dice-lovasz_1xb2-100e_flir-v2.py',
        data='flir',
        ann='mmir_ann/instances_val.json',
        img_prefix='',
    ),
    'video-coco': dict(
        config='configs/dim_target/'
        'dim-target_darknet19_chip64_1xb4-20i_synth-ir-sequence.py',
        data='ir_sequence',
        ann='annotations/val.json',
        img_prefix='frames/',
    ),
    'landslide-seg': dict(
        config='configs/synthetic/fcn_r18-d8_1xb2-20i_synth-landslide.py',
        data='landslide_seg',
        ann='ann_dir/test',  # the masks
        img_prefix='img_dir/test/',
    ),
}


def _first_image(fmt, root):
    spec = FORMATS[fmt]
    if fmt in ('landmine-list', 'masati-list'):
        return root / (root / spec['ann']).read_text().split()[0]
    if fmt == 'multiband-csv':
        return root / 'arrays' / f'{_first_id(root / spec["ann"])}.npy'
    if fmt == 'multiband-h5':
        return root / spec['data_prefix']
    if fmt in ('coco', 'flir-coco', 'video-coco'):
        ann = json.loads((root / spec['ann']).read_text())
        return root / spec['img_prefix'] / ann['images'][0]['file_name']
    return sorted((root / spec['img_prefix']).iterdir())[0]


def _first_id(csv_path):
    with open(csv_path) as f:
        return next(csv.DictReader(f))['id']


def _to_h5(root):
    """``arrays/<id>.npy`` -> ``arrays.h5`` holding a dataset ``<id>``."""
    import h5py

    with h5py.File(root / 'arrays.h5', 'w') as f:
        for npy in sorted((root / 'arrays').glob('*.npy')):
            f[npy.stem] = np.load(npy)
    shutil.rmtree(root / 'arrays')


def _edit_h5(root, edit):
    import h5py

    with h5py.File(root / 'arrays.h5', 'a') as f:
        edit(f, _first_id(root / 'test.csv'))


def _ann_path(fmt, root):
    if fmt == 'landslide-seg':  # the mask of the first image
        return root / FORMATS[fmt]['ann'] / _first_image(fmt, root).name
    return root / FORMATS[fmt]['ann']


def _truncate(path):
    """Cut ``path`` in the middle of a line (or of a binary file): a text
    list cut exactly after a line would still be a valid, shorter list."""
    data = path.read_bytes()
    cut = len(data) // 2
    start = data.rfind(b'\n', 0, cut - 1) + 1
    path.write_bytes(data[: min(cut, start + 5) if b'\n' in data else cut])


def _rename_unicode(fmt, root):
    """Give the first sample a non-ASCII file name (and its annotation)."""
    if fmt == 'multiband-h5':
        key = _first_id(root / 'test.csv')
        _edit_h5(root, lambda f, k: f.move(k, 'снимок_é_' + k))
        ann = _ann_path(fmt, root)
        ann.write_text(
            ann.read_text().replace(key + ',', 'снимок_é_' + key + ',', 1)
        )
        return None
    old = _first_image(fmt, root)
    new = old.with_name('снимок_é_' + old.name)
    if fmt == 'landslide-seg':
        mask = _ann_path(fmt, root)
        mask.rename(mask.with_name(new.name))
        old.rename(new)
        return None
    old.rename(new)
    ann = _ann_path(fmt, root)
    if fmt == 'multiband-csv':
        ann.write_text(
            ann.read_text().replace(old.stem + ',', new.stem + ',', 1)
        )
    else:
        ann.write_text(ann.read_text().replace(old.name, new.name, 1))
    return None


def _edit_json(path, edit):
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))


def _box_outside(data, partly=False):
    ann = data['annotations'][0]
    image = next(i for i in data['images'] if i['id'] == ann['image_id'])
    x = image['width'] - 10 if partly else image['width'] + 50
    ann['bbox'] = [x, 10, 20, 20]


def _nan_array(path):
    a = np.load(path)
    a[0, 0, 0] = np.nan
    np.save(path, a)


def _mask_size(path):
    import cv2

    mask = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    cv2.imwrite(str(path), mask[:, : mask.shape[1] // 2])


# (format, case) -> (mutation(root), expected: 'ok' or which file to name)
GENERIC = {
    'ann_truncated': (lambda f, r: _truncate(_ann_path(f, r)), 'ann'),
    'ann_empty': (lambda f, r: _ann_path(f, r).write_bytes(b''), 'ann'),
    'img_truncated': (lambda f, r: _truncate(_first_image(f, r)), 'img'),
    'img_empty': (lambda f, r: _first_image(f, r).write_bytes(b''), 'img'),
    'img_missing': (lambda f, r: _first_image(f, r).unlink(), 'img'),
    'unicode_path': (_rename_unicode, 'ok'),
}
SPECIFIC = {
    ('coco', 'box_outside_image'): (
        lambda f, r: _edit_json(_ann_path(f, r), _box_outside),
        'ann',
    ),
    # mmdet's CocoDataset drops a box wholly outside its image (documented
    # in mmir.datasets.annotation_checks) and keeps one partly outside
    ('flir-coco', 'box_partly_outside_image'): (
        lambda f, r: _edit_json(
            _ann_path(f, r), lambda d: _box_outside(d, partly=True)
        ),
        'img',
    ),
    ('video-coco', 'box_outside_image'): (
        lambda f, r: _edit_json(_ann_path(f, r), _box_outside),
        'ann',
    ),
    ('video-coco', 'no_frame_id'): (
        lambda f, r: _edit_json(
            _ann_path(f, r), lambda d: d['images'][1].pop('frame_id')
        ),
        'ann',
    ),
    ('multiband-csv', 'no_label_column'): (
        lambda f, r: _ann_path(f, r).write_text(
            '\n'.join(
                line.split(',')[0]
                for line in _ann_path(f, r).read_text().splitlines()
            )
        ),
        'ann',
    ),
    ('multiband-csv', 'nan_values'): (
        lambda f, r: _nan_array(_first_image(f, r)),
        'img',
    ),
    ('multiband-csv', 'ten_of_twelve_bands'): (
        lambda f, r: np.save(
            _first_image(f, r), np.load(_first_image(f, r))[:10]
        ),
        'img',
    ),
    ('multiband-csv', 'object_array'): (
        lambda f, r: np.save(
            _first_image(f, r), np.array([{'a': 1}]), allow_pickle=True
        ),
        'img',
    ),
    ('multiband-h5', 'sample_missing'): (
        lambda f, r: _edit_h5(r, lambda h, k: h.__delitem__(k)),
        'img',
    ),
    ('multiband-h5', 'nan_values'): (
        lambda f, r: _edit_h5(
            r, lambda h, k: h[k].__setitem__((0, 0, 0), np.nan)
        ),
        'img',
    ),
    ('multiband-h5', 'ten_of_twelve_bands'): (
        lambda f, r: _edit_h5(
            r, lambda h, k: h.__setitem__(k, np.asarray(h.pop(k))[:10])
        ),
        'img',
    ),
    ('landslide-seg', 'mask_size_mismatch'): (
        lambda f, r: _mask_size(_ann_path(f, r)),
        'ann',
    ),
    ('landslide-seg', 'mask_missing'): (
        lambda f, r: _ann_path(f, r).unlink(),
        'ann',
    ),
    ('masati-list', 'label_not_an_integer'): (
        lambda f, r: _ann_path(f, r).write_text(
            _ann_path(f, r).read_text().replace(' 1\n', ' ship\n', 1)
        ),
        'ann',
    ),
    ('landmine-list', 'label_not_an_integer'): (
        lambda f, r: _ann_path(f, r).write_text(
            _ann_path(f, r).read_text().replace(' 1\n', ' one\n', 1)
        ),
        'ann',
    ),
}
# the two COCO readers (ours and mmdet's) share the top-level-list cases
COCO_LISTS = {
    'no_images_key': lambda d: d.pop('images'),
    'annotations_not_a_list': lambda d: d.update(annotations='none'),
}
SPECIFIC.update(
    {
        (fmt, case): (
            lambda f, r, edit=edit: _edit_json(_ann_path(f, r), edit),
            'ann',
        )
        for fmt in ('coco', 'flir-coco')
        for case, edit in COCO_LISTS.items()
    }
)
CASES = [(f, c) for f in FORMATS for c in GENERIC] + list(SPECIFIC)
# mmseg lists the images it finds: without its image a mask is not a
# sample (documented: the image folder decides), so nothing fails.
ACCEPTED = {('landslide-seg', 'img_missing')}


def _load_all(fmt, root):
    spec = FORMATS[fmt]
    cfg = load_config(spec['config'])
    override_data_root(cfg, f'{root}/')
    dataset = cfg.test_dataloader.dataset.to_dict()
    dataset['test_mode'] = False  # training semantics (skips, filters)
    if 'data_prefix' in spec:
        dataset['data_prefix'] = spec['data_prefix']
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        guarded = DATASETS.build(dict(type='GuardedDataset', dataset=dataset))
        for i in range(len(guarded)):
            guarded[i]


@pytest.fixture(scope='module')
def flir_root(tmp_path_factory):
    """The synthetic IR-instance val split in FLIR v2's layout, converted
    by tools/dataset_converters/flir.py."""
    from mmir.datasets.synthetic import generate

    tmp = tmp_path_factory.mktemp('flir')
    root = write_flir_v2(
        generate('ir_instance', str(tmp / 'ir')), tmp / 'flir'
    )
    run_tool(
        'tools/dataset_converters/flir.py',
        root,
        '--splits',
        'val',
        '--classes',
        'person',
        'car',
        'bike',
    )
    return root


@pytest.fixture(scope='module')
def masati_root(tmp_path_factory):
    """A fresh synthetic MASATI set with the converter's image lists."""
    from mmir.datasets.synthetic import generate

    root = generate('masati', str(tmp_path_factory.mktemp('masati') / 'm'))
    run_tool('tools/dataset_converters/masati.py', root)
    return root


@pytest.mark.parametrize('fmt,case', CASES, ids=[f'{f}-{c}' for f, c in CASES])
def test_broken_copy_loads_or_names_the_file(
    tmp_path, request, synthetic_root, fmt, case
):
    root = tmp_path / FORMATS[fmt]['data']
    fixture = {'flir-coco': 'flir_root', 'masati-list': 'masati_root'}
    source = (
        request.getfixturevalue(fixture[fmt])
        if fmt in fixture
        else synthetic_root / FORMATS[fmt]['data']
    )
    shutil.copytree(source, root)
    if fmt == 'multiband-h5':
        _to_h5(root)
    mutate, expected = SPECIFIC.get((fmt, case)) or GENERIC[case]
    if (fmt, case) in ACCEPTED:
        expected = 'ok'
    target = {
        'ann': _ann_path(fmt, root),
        'img': _first_image(fmt, root),
    }.get(expected)
    mutate(fmt, root)
    if expected == 'ok':
        _load_all(fmt, root)
        return
    with pytest.raises(DataError) as err:
        _load_all(fmt, root)
    message = str(err.value)
    assert str(target) in message, message
    assert '\n' not in message.strip(), message


def test_case_count_per_format():
    """The suite's size, for the issue note: cases per format."""
    counts = {f: sum(1 for g, _ in CASES if g == f) for f in FORMATS}
    assert counts == {
        'landmine-list': 7,
        'masati-list': 7,
        'multiband-csv': 10,
        'multiband-h5': 9,
        'coco': 9,
        'flir-coco': 9,
        'video-coco': 8,
        'landslide-seg': 8,
    }
    assert os.path.basename(__file__) == 'test_fuzz.py'
