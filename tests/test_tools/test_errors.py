"""Bad input gets one clear line on stderr and exit code 2, not a traceback
from inside a toolbox."""

import os.path as osp

import pytest
from conftest import ROOT, run_tool

CLS_CONFIG = osp.join(
    ROOT, 'configs/synthetic/resnet18-gap_1xb4-20i_synth-landmine.py'
)


def _assert_clear(proc, *needles):
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert 'Traceback' not in proc.stderr, proc.stderr[-3000:]
    for needle in needles:
        assert needle in proc.stderr, proc.stderr[-3000:]


def _write_config(tmp_path, body):
    path = tmp_path / 'bad_config.py'
    path.write_text(f'_base_ = [{CLS_CONFIG!r}]\n{body}\n')
    return path


def test_missing_dataset_folder(tmp_path):
    missing = tmp_path / 'no_such_data'
    proc = run_tool(
        'tools/train.py',
        CLS_CONFIG,
        '--work-dir',
        tmp_path / 'w',
        '--data-root',
        missing,
        check=False,
    )
    _assert_clear(
        proc,
        'train_dataloader.dataset.data_root',
        str(missing),
        'does not exist',
        'make_synthetic.py',
    )


def test_missing_annotation_file(tmp_path, synthetic_root):
    proc = run_tool(
        'tools/train.py',
        CLS_CONFIG,
        '--work-dir',
        tmp_path / 'w',
        '--data-root',
        f'{synthetic_root / "landmine"}/',
        '--cfg-options',
        'train_dataloader.dataset.ann_file=x.txt',
        check=False,
    )
    _assert_clear(
        proc, 'train_dataloader.dataset.ann_file', 'x.txt', 'does not exist'
    )


def test_unknown_module_type(tmp_path, synthetic_root):
    cfg = _write_config(tmp_path, "model = dict(neck=dict(type='NoSuchPool'))")
    proc = run_tool(
        'tools/train.py',
        cfg,
        '--work-dir',
        tmp_path / 'w',
        '--data-root',
        f'{synthetic_root / "landmine"}/',
        check=False,
    )
    _assert_clear(
        proc,
        "'NoSuchPool' is not registered",
        'mmpretrain',
        "imports=['mmir.cls']",
    )


def test_unknown_mmir_package(tmp_path):
    cfg = _write_config(
        tmp_path,
        "custom_imports = dict(imports=['mmir.nope'], "
        'allow_failed_imports=False)',
    )
    proc = run_tool('tools/train.py', cfg, check=False)
    _assert_clear(proc, 'could not import', "'mmir.det'")


def test_missing_config(tmp_path):
    proc = run_tool('tools/train.py', tmp_path / 'nope.py', check=False)
    _assert_clear(proc, 'does not exist')


@pytest.mark.parametrize('content', [b'hello\n', b'\x80\x02garbage'])
def test_checkpoint_that_is_not_a_checkpoint(
    tmp_path, synthetic_root, content
):
    fake = tmp_path / 'model.pth'
    fake.write_bytes(content)
    proc = run_tool(
        'tools/test.py',
        CLS_CONFIG,
        fake,
        '--work-dir',
        tmp_path / 'w',
        '--data-root',
        f'{synthetic_root / "landmine"}/',
        check=False,
    )
    _assert_clear(proc, str(fake), 'checkpoint')


def test_missing_checkpoint(tmp_path):
    proc = run_tool(
        'tools/test.py', CLS_CONFIG, tmp_path / 'none.pth', check=False
    )
    _assert_clear(proc, 'none.pth', 'does not exist')
