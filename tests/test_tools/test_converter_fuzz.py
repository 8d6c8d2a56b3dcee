"""Fuzzing the dataset converters: a broken input ends in one ``error:``
line naming the broken file (exit code 2), never a traceback, and
nothing is written."""

import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import run_tool, write_flir_v2

TOOLS = 'tools/dataset_converters'


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _first(folder, pattern='*'):
    return sorted(folder.glob(pattern))[0]


def _drop_column(path, column):
    lines = path.read_text().splitlines()
    header = lines[0].split(',')
    keep = [i for i, name in enumerate(header) if name != column]
    path.write_text(
        '\n'.join(','.join(line.split(',')[i] for i in keep) for line in lines)
    )


def _fresh(name, tmp_path):
    """A freshly generated synthetic set: the session's shared copies hold
    other tests' outputs (mmir_ann/, inpainted/, smote/), which the
    converters would rightly refuse to replace."""
    from mmir.datasets.synthetic import generate

    return Path(generate(name, str(tmp_path / name)))


def _relic_source(tmp_path):
    src = tmp_path / 'relic'
    seg = _fresh('landslide_seg', tmp_path / 'generated')
    shutil.copytree(seg / 'img_dir' / 'train', src / 'images')
    shutil.copytree(seg / 'ann_dir' / 'train', src / 'masks')
    return src


def _nan_array(path):
    a = np.load(path)
    a[0, 0, 0] = np.nan
    np.save(path, a)


def _flir_json(root):
    return root / 'images_thermal_val' / 'coco.json'


def _edit_flir(root, edit):
    import json

    data = json.loads(_flir_json(root).read_text())
    edit(data)
    _flir_json(root).write_text(json.dumps(data))
    return _flir_json(root)


def _person(data):
    """The first annotation of a class the conversion keeps."""
    return next(a for a in data['annotations'] if a['category_id'] == 1)


def _box_outside(data):
    ann = _person(data)
    image = next(i for i in data['images'] if i['id'] == ann['image_id'])
    ann['bbox'] = [image['width'] - 10, 10, 20, 20]


FLIR_ARGS = ['--splits', 'val', '--classes', 'person', 'car', 'bike']
# name: (tool, dataset copied, mutate(root) -> the file to be named, args)
CASES = {
    'flir-json-truncated': (
        'flir.py',
        'flir',
        lambda r: (_truncate(_flir_json(r)), _flir_json(r))[1],
        FLIR_ARGS,
    ),
    'flir-json-empty': (
        'flir.py',
        'flir',
        lambda r: (_flir_json(r).write_bytes(b''), _flir_json(r))[1],
        FLIR_ARGS,
    ),
    'flir-box-outside-image': (
        'flir.py',
        'flir',
        lambda r: _edit_flir(r, _box_outside),
        FLIR_ARGS,
    ),
    'flir-box-not-numbers': (
        'flir.py',
        'flir',
        lambda r: _edit_flir(
            r, lambda d: _person(d).update(bbox=['a', 1, 2, 3])
        ),
        FLIR_ARGS,
    ),
    'flir-annotation-without-id': (
        'flir.py',
        'flir',
        lambda r: _edit_flir(r, lambda d: d['annotations'][0].pop('id')),
        FLIR_ARGS,
    ),
    'flir-category-without-id': (
        'flir.py',
        'flir',
        lambda r: _edit_flir(r, lambda d: d['categories'][0].pop('id')),
        FLIR_ARGS,
    ),
    'legbreaker-metadata-truncated': (
        'legbreaker.py',
        'landmine',
        lambda r: (_truncate(r / 'metadata.csv'), r / 'metadata.csv')[1],
        [],
    ),
    'legbreaker-no-zone-column': (
        'legbreaker.py',
        'landmine',
        lambda r: (
            _drop_column(r / 'metadata.csv', 'zone'),
            r / 'metadata.csv',
        )[1],
        [],
    ),
    'legbreaker-crop-boxes-truncated': (
        'legbreaker.py',
        'landmine',
        lambda r: (_truncate(r / 'crop_boxes.json'), r / 'crop_boxes.json')[1],
        [],
    ),
    'masati-xml-truncated': (
        'masati.py',
        'masati',
        lambda r: (
            _truncate(_first(r / 'coast_ship_labels', '*.xml')),
            _first(r / 'coast_ship_labels', '*.xml'),
        )[1],
        [],
    ),
    'masati-positive-image-empty': (
        'masati.py',
        'masati',
        lambda r: (
            _first(r / 'coast_ship').write_bytes(b''),
            _first(r / 'coast_ship'),
        )[1],
        [],
    ),
    'inpaint-boxes-json-truncated': (
        'inpaint_boxes.py',
        'landmine',
        lambda r: (_truncate(r / 'boxes.json'), r / 'boxes.json')[1],
        [],
    ),
    'inpaint-image-truncated': (
        'inpaint_boxes.py',
        'landmine',
        lambda r: (
            _truncate(r / 'images' / _boxed_image(r)),
            r / 'images' / _boxed_image(r),
        )[1],
        [],
    ),
    'smote-no-label-column': (
        'smote_ssim.py',
        'multiband',
        lambda r: (_drop_column(r / 'train.csv', 'label'), r / 'train.csv')[1],
        [],
    ),
    'smote-nan-array': (
        'smote_ssim.py',
        'multiband',
        lambda r: (
            _nan_array(r / 'arrays' / f'{_minority_id(r)}.npy'),
            r / 'arrays' / f'{_minority_id(r)}.npy',
        )[1],
        [],
    ),
    'smote-array-truncated': (
        'smote_ssim.py',
        'multiband',
        lambda r: (
            _truncate(r / 'arrays' / f'{_minority_id(r)}.npy'),
            r / 'arrays' / f'{_minority_id(r)}.npy',
        )[1],
        [],
    ),
    'relic-mask-missing': (
        'relic_landslide.py',
        'relic',
        lambda r: (_first(r / 'masks').unlink(), r / 'masks')[1],
        [],
    ),
    'relic-image-truncated': (
        'relic_landslide.py',
        'relic',
        lambda r: (_truncate(_first(r / 'images')), _first(r / 'images'))[1],
        [],
    ),
}


def _boxed_image(root):
    import json

    boxes = json.loads((root / 'boxes.json').read_text())
    return sorted(name for name, b in boxes.items() if b)[0]


def _minority_id(root):
    import csv

    with open(root / 'train.csv') as f:
        return next(r['id'] for r in csv.DictReader(f) if r['label'] == '1')


@pytest.mark.parametrize('case', sorted(CASES))
def test_broken_input_is_one_line_naming_the_file(tmp_path, case):
    tool, data, mutate, args = CASES[case]
    if data == 'relic':
        root = _relic_source(tmp_path)
        shutil.rmtree(tmp_path / 'generated')
        args = [*args, tmp_path / 'out']
    elif data == 'flir':
        root = Path(
            write_flir_v2(_fresh('ir_instance', tmp_path), tmp_path / 'flir')
        )
        shutil.rmtree(tmp_path / 'ir_instance')
    else:
        root = _fresh(data, tmp_path)
    named = mutate(root)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob('*'))
    proc = run_tool(f'{TOOLS}/{tool}', root, *args, check=False)
    assert proc.returncode == 2, proc.stderr[-3000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith('error: ') and str(named) in last, last
    assert 'Traceback' not in proc.stderr
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob('*'))
    assert after == before  # nothing written, nothing half-written
