import csv
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, run_tool
from mmir.experiments.grid import collect_configs

BASE = f'{ROOT}/configs/synthetic/resnet18_gap_20i_synth-landmine.py'
SHORT = ['--cfg-options', 'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
         'default_hooks.checkpoint.interval=2']


def _grid(folder, **bodies):
    folder.mkdir()
    for name, body in bodies.items():
        (folder / f'{name}.py').write_text(f'_base_ = [{BASE!r}]\n{body}\n')
    (folder / '_shared.py').write_text('# not a row\n')
    return folder


def _table(work):
    with open(work / 'results.csv') as f:
        return {row['config']: row for row in csv.DictReader(f)}


def test_collect_configs(tmp_path):
    grid = _grid(tmp_path / 'g', b='', a='')
    assert [os.path.basename(p) for p in collect_configs([str(grid)])] == \
        ['a.py', 'b.py']
    assert len(collect_configs([str(grid / 'a*.py')])) == 1
    with pytest.raises(FileNotFoundError, match='no config files'):
        collect_configs([str(tmp_path / 'empty*')])


@pytest.mark.e2e
def test_killed_grid_resumes_without_redoing_finished_rows(tmp_path,
                                                           synthetic_root):
    grid = _grid(tmp_path / 'grid', a_lr01='optim_wrapper = dict(optimizer=dict(lr=0.01))',
                 b_lr001='optim_wrapper = dict(optimizer=dict(lr=0.001))')
    work = tmp_path / 'work'
    cmd = [sys.executable, 'tools/run_grid.py', str(grid), '--work-dir',
           str(work), '--data-root', f'{synthetic_root / "landmine"}/',
           *SHORT]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    first = work / 'a_lr01' / 'result.json'
    deadline = time.time() + 600
    while not first.exists() and time.time() < deadline \
            and proc.poll() is None:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert first.exists()
    stamp = first.stat().st_mtime_ns
    assert not (work / 'b_lr001' / 'result.json').exists()

    out = run_tool(*cmd[1:]).stdout
    assert 'a_lr01: already finished, skipped' in out
    assert first.stat().st_mtime_ns == stamp
    table = _table(work)
    assert set(table) == {'a_lr01', 'b_lr001'}
    for row in table.values():
        assert row['status'] == 'ok'
        assert 0 <= float(row['accuracy/top1']) <= 100
        assert float(row['single-label/f1-score']) >= 0
        assert int(row['params']) > 1e6 and float(row['train_time_s']) > 0
    md = (work / 'results.md').read_text()
    assert len(md.strip().splitlines()) == 4 and 'accuracy/top1' in md
    for row in table:
        for kind in ('curves', 'confusion'):
            png = work / 'plots' / f'{row}_{kind}.png'
            assert png.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


@pytest.mark.e2e
def test_failing_row_is_reported_and_seeds_average(tmp_path, synthetic_root):
    grid = _grid(tmp_path / 'grid', good='',
                 broken="model = dict(head=dict(type='NoSuchHead'))")
    work = tmp_path / 'work'
    proc = run_tool('tools/run_grid.py', grid, '--work-dir', work,
                    '--seeds', '0', '1', '--data-root',
                    f'{synthetic_root / "landmine"}/', *SHORT, check=False)
    assert proc.returncode == 1  # a row failed
    table = _table(work)
    assert table['good']['status'] == 'ok' and table['good']['runs'] == '2'
    assert table['good']['accuracy/top1_std'] != ''
    assert table['broken']['status'].startswith('failed (2/2)')
    assert "'NoSuchHead' is not registered" in table['broken']['status']
    md = (work / 'results.md').read_text()
    assert '±' in md
    assert (work / 'good' / 'seed_1' / 'result.json').exists()


@pytest.mark.e2e
def test_grid_row_trained_by_two_processes(tmp_path, synthetic_root):
    """--launcher pytorch --nproc 2: each row trains with torchrun (gloo on
    a machine without GPUs)."""
    grid = _grid(tmp_path / 'grid', ddp='')
    work = tmp_path / 'work'
    run_tool('tools/run_grid.py', grid, '--work-dir', work, '--launcher',
             'pytorch', '--nproc', '2', '--no-plots', '--data-root',
             f'{synthetic_root / "landmine"}/', *SHORT)
    assert 'Distributed training: True' in (work / 'ddp' / 'train.out')\
        .read_text()
    assert _table(work)['ddp']['status'] == 'ok'
