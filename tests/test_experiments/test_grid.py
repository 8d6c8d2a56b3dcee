import csv
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, run_tool

from mmir.experiments.grid import collect_configs

BASE = f'{ROOT}/configs/synthetic/resnet18-gap_1xb4-20i_synth-landmine.py'
SHORT = [
    '--cfg-options',
    'train_cfg.max_iters=2',
    'train_cfg.val_interval=2',
    'default_hooks.checkpoint.interval=2',
]


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
    assert [os.path.basename(p) for p in collect_configs([str(grid)])] == [
        'a.py',
        'b.py',
    ]
    assert len(collect_configs([str(grid / 'a*.py')])) == 1
    with pytest.raises(FileNotFoundError, match='no config files'):
        collect_configs([str(tmp_path / 'empty*')])


def test_collect_configs_references_and_name_clashes(tmp_path):
    """A folder's references.txt adds configs of other folders as rows
    (comments and blank lines ignored); a missing one names the file and
    line; two different configs with one name are refused."""
    shared = _grid(tmp_path / 'shared', base='')
    table = _grid(tmp_path / 'table', c='')
    (table / 'references.txt').write_text(
        '# the baseline row is the shared model\n\n'
        '../shared/base.py  # row B\n'
    )
    names = [os.path.basename(p) for p in collect_configs([str(table)])]
    assert names == ['base.py', 'c.py']
    both = collect_configs([str(shared), str(table)])
    assert sorted(os.path.basename(p) for p in both) == [
        'base.py',
        'c.py',
    ]
    (table / 'references.txt').write_text('../shared/missing.py\n')
    with pytest.raises(FileNotFoundError, match=r'references.txt, line 1'):
        collect_configs([str(table)])
    (table / 'references.txt').unlink()
    _grid(tmp_path / 'other', c='')
    with pytest.raises(ValueError, match="same name 'c'"):
        collect_configs([str(table), str(tmp_path / 'other')])


@pytest.mark.e2e
def test_killed_grid_resumes_without_redoing_finished_rows(
    tmp_path, synthetic_root
):
    grid = _grid(
        tmp_path / 'grid',
        a_lr01='optim_wrapper = dict(optimizer=dict(lr=0.01))',
        b_lr001='optim_wrapper = dict(optimizer=dict(lr=0.001))',
    )
    work = tmp_path / 'work'
    cmd = [
        sys.executable,
        'tools/run_grid.py',
        str(grid),
        '--work-dir',
        str(work),
        '--data-root',
        f'{synthetic_root / "landmine"}/',
        *SHORT,
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    first = work / 'a_lr01' / 'result.json'
    deadline = time.time() + 600
    while (
        not first.exists() and time.time() < deadline and proc.poll() is None
    ):
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
        assert int(row['flops']) > 1e9  # ResNet-18 at 336x256: 3.15 G
    md = (work / 'results.md').read_text()
    assert len(md.strip().splitlines()) == 4 and 'accuracy/top1' in md
    for row in table:
        for kind in ('curves', 'confusion'):
            png = work / 'plots' / f'{row}_{kind}.png'
            assert png.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


@pytest.mark.e2e
def test_failing_row_is_reported_and_seeds_average(tmp_path, synthetic_root):
    grid = _grid(
        tmp_path / 'grid',
        good="table_columns = dict(Top1='accuracy/top1')",
        broken="model = dict(head=dict(type='NoSuchHead'))",
    )
    work = tmp_path / 'work'
    proc = run_tool(
        'tools/run_grid.py',
        grid,
        '--work-dir',
        work,
        '--seeds',
        '0',
        '1',
        '--data-root',
        f'{synthetic_root / "landmine"}/',
        *SHORT,
        check=False,
    )
    assert proc.returncode == 1  # a row failed
    table = _table(work)
    assert table['good']['status'] == 'ok' and table['good']['runs'] == '2'
    assert table['good']['Top1_std'] != ''
    assert table['broken']['status'].startswith('failed (2/2)')
    assert "'NoSuchHead' is not registered" in table['broken']['status']
    md = (work / 'results.md').read_text()
    assert '±' in md and md.startswith('| config | Top1 | params (M) |')
    assert (work / 'good' / 'seed_1' / 'result.json').exists()


@pytest.mark.e2e
def test_grid_row_trained_by_two_processes(tmp_path, synthetic_root):
    """--launcher pytorch --nproc 2: each row trains with torchrun (gloo on
    a machine without GPUs)."""
    grid = _grid(tmp_path / 'grid', ddp='')
    work = tmp_path / 'work'
    run_tool(
        'tools/run_grid.py',
        grid,
        '--work-dir',
        work,
        '--launcher',
        'pytorch',
        '--nproc',
        '2',
        '--no-plots',
        '--data-root',
        f'{synthetic_root / "landmine"}/',
        *SHORT,
    )
    assert (
        'Distributed training: True'
        in (work / 'ddp' / 'train.out').read_text()
    )
    assert _table(work)['ddp']['status'] == 'ok'


def test_table_columns_name_the_markdown_columns(tmp_path):
    """Configs with ``table_columns`` give a Markdown table with the paper's
    columns in their order; the CSV keeps every metric."""
    from mmir.experiments.grid import summarize, write_tables

    columns = {'mAP': 'coco/segm_mAP', 'Recall': 'coco/segm_AR@100'}
    metrics = {
        'coco/segm_AR@100': 0.5,
        'coco/segm_mAP': 0.25,
        'coco/bbox_mAP': 0.75,
    }
    results = [
        dict(
            config='g/a.py',
            work_dir='w/a',
            status='ok',
            error=None,
            metrics=metrics,
            columns=columns,
            params=2e6,
            flops=5.5e9,
            train_time_s=3,
        ),
        dict(
            config='g/b.py',
            work_dir='w/b',
            status='ok',
            error=None,
            metrics={'coco/segm_mAP': 0.125},
            columns=columns,
            params=1e6,
            train_time_s=4,
        ),
    ]
    rows, keys = summarize(['g/a.py', 'g/b.py'], results)
    assert keys == ['mAP', 'Recall', 'coco/bbox_mAP']
    assert rows[0]['metrics'] == {
        'mAP': [0.25],
        'Recall': [0.5],
        'coco/bbox_mAP': [0.75],
    }
    write_tables(rows, keys, str(tmp_path / 'results'))
    md = (tmp_path / 'results.md').read_text().splitlines()
    assert md[0].startswith(
        '| config | mAP | Recall | params (M) | FLOPs (G) |'
    )
    assert md[2].startswith('| a | 0.2500 | 0.5000 | 2.000 | 5.50 |')
    assert md[3].startswith('| b | 0.1250 |  | 1.000 |  |')
    table = _table(tmp_path)
    assert table['a']['coco/bbox_mAP'] == '0.75'
    assert table['b']['Recall'] == ''


def test_bad_table_columns_are_named():
    from mmengine.config import Config

    from mmir.experiments.runs import table_columns

    assert table_columns(Config({})) is None
    with pytest.raises(ValueError, match=r'x\.py: table_columns must be'):
        table_columns(Config({'table_columns': ['mAP']}), 'x.py')


def test_kfold_rows_average_rates_and_sum_counts(tmp_path):
    """Fold results of one config: rates are mean ± std over the folds,
    counts (fp, ...) add up over the folds (per seed, then averaged)."""
    from mmir.experiments.grid import summarize, write_tables

    columns = {'Precision': 'binary/precision', 'FP': 'neg/binary/fp'}

    def fold(i, seed, precision, fp):
        return dict(
            config='g/a.py',
            work_dir=f'w/a/fold_{i}',
            status='ok',
            error=None,
            fold=i,
            seed=seed,
            columns=columns,
            params=1e6,
            train_time_s=2,
            metrics={
                'binary/precision': precision,
                'neg/binary/fp': fp,
                'binary/tp': 3.0,
            },
        )

    results = [fold(0, None, 0.5, 2.0), fold(1, None, 1.0, 3.0)]
    rows, keys = summarize(['g/a.py'], results)
    assert keys[:2] == ['Precision', 'FP']
    assert rows[0]['metrics']['Precision'] == [0.5, 1.0]
    assert rows[0]['metrics']['FP'] == [5]
    assert rows[0]['metrics']['binary/tp'] == [6]
    assert rows[0]['folds'] == 2
    write_tables(rows, keys, str(tmp_path / 'results'))
    md = (tmp_path / 'results.md').read_text()
    assert '| a | 0.7500 ± 0.3536 | 5 |' in md
    assert 'counts (tp, fp, fn, tn, num_samples) are summed' in md
    # Two seeds: per-seed totals, then mean ± std.
    seeds = [
        fold(0, 0, 0.5, 2.0),
        fold(1, 0, 0.5, 3.0),
        fold(0, 1, 0.5, 4.0),
        fold(1, 1, 0.5, 5.0),
    ]
    rows, _ = summarize(['g/a.py'], seeds)
    assert rows[0]['metrics']['FP'] == [5, 9]


def test_extra_test_configs_use_the_runs_test_dataset():
    from mmengine.config import Config

    from mmir.experiments.runs import extra_test_configs
    from mmir.utils.config_check import override_data_root

    cfg = Config(
        dict(
            data_root='old/',
            test_dataloader=dict(
                batch_size=2,
                dataset=dict(
                    type='D',
                    data_root='old/',
                    ann_file='val.txt',
                    indices=[1, 3],
                ),
            ),
            extra_test_sets=dict(
                neg=dict(
                    type='W', mode='only', dataset='test_dataloader.dataset'
                ),
                sea=dict(type='D', data_root='old/', ann_file='sea.txt'),
            ),
        )
    )
    override_data_root(cfg, 'new/')
    out = extra_test_configs(cfg, 'x.py')
    assert set(out) == {'neg', 'sea'}
    neg = out['neg'].test_dataloader
    assert neg.batch_size == 2 and neg.dataset.type == 'W'
    assert neg.dataset.dataset.indices == [1, 3]
    assert neg.dataset.dataset.data_root == 'new/'
    assert out['sea'].test_dataloader.dataset.data_root == 'new/'
    assert 'extra_test_sets' not in out['sea']
    assert cfg.extra_test_sets.neg.dataset == 'test_dataloader.dataset'
    assert extra_test_configs(Config({})) == {}
    with pytest.raises(ValueError, match='x.py: extra_test_sets'):
        extra_test_configs(Config(dict(extra_test_sets=dict(a=1))), 'x.py')


def test_run_row_labels_one_run_and_aggregate_rows_combine_seeds():
    from mmir.experiments.grid import aggregate_rows, run_row

    columns = {'F1': 'binary/f1', 'FP': 'neg/binary/fp'}

    def result(seed, f1, fp, status='ok'):
        return dict(
            config='g/a.py',
            work_dir=f'w/a/seed_{seed}',
            status=status,
            error=None if status == 'ok' else 'train: boom',
            seed=seed,
            columns=columns,
            params=5,
            train_time_s=10 * (seed + 1),
            metrics={'binary/f1': f1, 'neg/binary/fp': fp, 'acc': 0.5},
        )

    row = run_row(result(0, 0.5, 3.0))
    assert list(row['metrics']) == ['F1', 'FP', 'acc']
    assert row['metrics']['FP'] == 3 and isinstance(row['metrics']['FP'], int)
    assert row['keys'] == {
        'F1': 'binary/f1',
        'FP': 'neg/binary/fp',
        'acc': 'acc',
    }
    runs = [run_row(result(0, 0.5, 3.0)), run_row(result(1, 0.7, 1.0))]
    runs.append(run_row(result(2, 0.0, 0.0, status='failed')))
    (agg,), keys = aggregate_rows(['g/a.py'], runs)
    assert keys == ['F1', 'FP', 'acc']
    # not k-fold: counts are values per seed, not sums; failures left out
    assert agg['metrics'] == {
        'F1': [0.5, 0.7],
        'FP': [3, 1],
        'acc': [0.5, 0.5],
    }
    assert (agg['runs'], agg['ok'], agg['errors']) == (3, 2, ['train: boom'])
    assert agg['train_time_s'] == 15 and agg['work_dir'] == 'w/a'
