"""Stored training chips (Zhao et al. 2024, Table 1): the chips are crops of
the raw frames at their offsets, boxes follow, and a config trains on them."""

import json

import cv2
import numpy as np
import pytest
from conftest import ROOT, run_tool

BASE = (
    'configs/dim_target/dim-target_darknet19_chip80_1xb16-100e_'
    'synth-ir-sequence.py'
)
OFFLINE = (
    'configs/dim_target/dim-target_darknet19_chip80-offline_1xb16-100e_'
    'synth-ir-sequence.py'
)


@pytest.mark.e2e
def test_export_chips_then_train_on_them(tmp_path, synthetic_root):
    import shutil

    root = tmp_path / 'ir_sequence'
    shutil.copytree(synthetic_root / 'ir_sequence', root)
    out = root / 'mmir_chips' / 'chips80'
    proc = run_tool(
        'tools/dataset_converters/export_chips.py',
        BASE,
        '--data-root',
        f'{root}/',
        '--repeats',
        '2',
    )
    assert 'chips of 80x80' in proc.stdout
    coco = json.loads((out / 'chips.json').read_text())
    source = json.loads((root / 'annotations' / 'train.json').read_text())
    samples = json.loads((out / 'mmir_manifest.json').read_text())[
        'num_samples'
    ]  # key frames with 3 earlier frames (edge='skip')
    assert 0 < samples < len(source['images'])
    assert len(coco['images']) == 2 * samples
    assert [c['name'] for c in coco['categories']] == [
        'target',
        'interference',
    ]
    by_file = {im['file_name']: im for im in source['images']}
    boxes_of = {}
    for a in source['annotations']:
        boxes_of.setdefault(a['image_id'], []).append(a)
    with_boxes = 0
    for im in coco['images'][:12]:
        chip = np.load(out / im['file_name'])
        assert chip.shape == (80, 80, 4) and chip.dtype == np.uint16
        x0, y0 = im['chip_offset']
        key = cv2.imread(str(root / im['source_file']), cv2.IMREAD_UNCHANGED)
        np.testing.assert_array_equal(
            chip[..., 0], key[y0 : y0 + 80, x0 : x0 + 80]
        )
        src = by_file[im['source_file'].split('frames/', 1)[1]]
        for a in (a for a in coco['annotations'] if a['image_id'] == im['id']):
            with_boxes += 1
            x, y, w, h = a['bbox']
            match = [
                b
                for b in boxes_of[src['id']]
                if abs(b['bbox'][0] - x0 - x) < 1e-3
                and abs(b['bbox'][1] - y0 - y) < 1e-3
            ]
            assert match and match[0]['category_id'] == a['category_id']
    assert with_boxes > 0
    assert (
        'up to date'
        in run_tool(
            'tools/dataset_converters/export_chips.py',
            BASE,
            '--data-root',
            f'{root}/',
            '--repeats',
            '2',
        ).stdout
    )
    work = tmp_path / 'work'
    run_tool(
        'tools/train.py',
        OFFLINE,
        '--work-dir',
        work,
        '--data-root',
        f'{root}/',
        '--cfg-options',
        'train_cfg.max_epochs=1',
        'train_cfg.val_interval=2',
        'train_dataloader.batch_size=8',
        'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'default_hooks.checkpoint.interval=1',
        'default_hooks.logger.interval=1',
    )
    assert (work / 'epoch_1.pth').is_file()
    log = next(work.glob('*/*.log')).read_text()
    assert 'loss_cls' in log or 'loss' in log


def test_export_refuses_other_datasets(tmp_path):
    proc = run_tool(
        'tools/dataset_converters/export_chips.py',
        f'{ROOT}/configs/synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py',
        check=False,
    )
    assert proc.returncode == 2 and 'IRSequenceDataset' in proc.stderr
