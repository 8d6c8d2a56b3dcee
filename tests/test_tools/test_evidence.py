import importlib.util
import inspect
import json
import os.path as osp

import pytest
from conftest import ROOT, run_tool

from mmir.datasets.synthetic import GENERATORS
from mmir.experiments.grid import collect_configs
from mmir.experiments.runs import load_config, table_columns


def _evidence():
    spec = importlib.util.spec_from_file_location(
        'evidence', osp.join(ROOT, 'tools', 'evidence.py')
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


evidence = _evidence()


@pytest.mark.parametrize('name', sorted(evidence.EXPERIMENTS))
def test_each_experiment_is_consistent(name):
    """Its grid exists, every claim compares two of its rows (or a
    measure's chance level), every shown column is a table column or a
    measure, and the generator takes its settings."""
    exp = evidence.EXPERIMENTS[name]
    params = inspect.signature(GENERATORS[exp.data][0].generate).parameters
    assert set(exp.settings) <= set(params)
    if exp.arms:  # dim_target_iterate.py arms on one config
        assert len(exp.grid) == 1 and osp.isfile(osp.join(ROOT, exp.grid[0]))
        assert set(exp.columns) <= set(evidence.ITERATION_COLUMNS)
        for claim in exp.claims:
            assert {claim.arm, claim.control} <= set(exp.arms)
            assert claim.metric in exp.columns
        assert '--iterations' in exp.iterate
        return
    configs = collect_configs([osp.join(ROOT, g) for g in exp.grid])
    names = {osp.splitext(osp.basename(c))[0] for c in configs}
    assert len(names) >= 2
    columns = set()
    for config in configs:
        columns |= set(table_columns(load_config(config), config))
    measured = {'Attention in box', 'Attention hit'}
    assert set(exp.columns) <= columns | (
        measured if 'attention' in exp.measures else set()
    )
    for claim in exp.claims:
        assert claim.arm in names
        assert claim.control in names or (
            claim.control == 'uniform attention'
            and 'attention' in exp.measures
        )
        assert claim.metric in exp.columns


def _fake_run(work_dir, config, seed, metrics, columns):
    run_dir = work_dir / config / f'seed_{seed}'
    run_dir.mkdir(parents=True)
    (run_dir / 'result.json').write_text(
        json.dumps(
            dict(
                config=f'configs/x/{config}.py',
                status='ok',
                seed=seed,
                metrics=metrics,
                columns=columns,
                train_time_s=1.0,
            )
        )
    )


def test_verdict_from_finished_runs(tmp_path):
    """The table and verdict come from the runs' result.json: mean ± std
    per row, and per claim delta, Cohen's d and the outcome."""
    work = tmp_path / 'effnetv2-smote'
    exp = evidence.EXPERIMENTS['effnetv2-smote']
    columns = {'Recall': 'binary/recall', 'F1-score': 'binary/f1'}
    f1 = {
        '_smote-ssim': [0.80, 0.82, 0.84],
        '': [0.50, 0.55, 0.60],
        '_dup': [0.79, 0.85, 0.81],
        '_smote-plain': [0.90, 0.91, 0.92],
    }
    for row, values in f1.items():
        name = evidence.SMOTE_ROW.format(row) if row else evidence.SMOTE_NONE
        for seed, v in enumerate(values):
            _fake_run(
                work,
                name,
                seed,
                {'binary/f1': v, 'binary/recall': v - 0.1},
                columns,
            )
    values = evidence.per_run_values(exp, str(work), '', [0, 1, 2])
    assert values[evidence.SMOTE_NONE]['F1-score'] == [
        0.5,
        0.55,
        0.6,
    ]
    lines = evidence.write_verdict(
        'effnetv2-smote', exp, values, str(work), 60
    )
    text = (work / 'verdict.md').read_text()
    assert text == '\n'.join(lines) + '\n'
    assert '| 0.820 ± 0.020 |' in text
    out = json.loads((work / 'verdict.json').read_text())
    outcomes = [v['outcome'] for v in out['verdicts']]
    # vs none (F1, recall): apart; vs dup: overlap and d = 0.13 (below
    # a medium effect); vs plain SMOTE: worse, apart
    assert outcomes == [
        'supported',
        'supported',
        'not supported',
        'contradicted',
    ]
    assert out['verdicts'][0]['delta'] == pytest.approx(0.27)
    assert out['seconds'] == 60

    # --verdict-only: the same verdict from the finished runs, nothing
    # run, the recorded wall time kept
    (work / 'verdict.md').unlink()
    run_tool(
        'tools/evidence.py',
        'effnetv2-smote',
        '--verdict-only',
        '--work-dir',
        str(tmp_path),
        '--data-root',
        str(tmp_path / 'no-data'),
    )
    assert (work / 'verdict.md').read_text() == text
    assert not (tmp_path / 'no-data').exists()


def test_cli_lists_and_refuses_unknown_names():
    listed = run_tool('tools/evidence.py', '--list')
    assert all(name in listed.stdout for name in evidence.EXPERIMENTS)
    bad = run_tool('tools/evidence.py', 'no-such', check=False)
    assert bad.returncode == 2 and 'unknown experiment' in bad.stderr


def test_iteration_values_read_the_last_iteration(tmp_path):
    """An iterate experiment's row per arm: the last iteration's metrics,
    the first iteration's F1 and the labels the reviews changed; a run
    short of its iterations (still going) is left out."""
    exp = evidence.EXPERIMENTS['dim-target-iterations']
    head = 'iteration,labels_changed,precision,recall,f1\n'
    for seed, f1 in enumerate((0.5, 0.6)):
        run = tmp_path / 'refine' / f'seed_{seed}'
        run.mkdir(parents=True)
        (run / 'iterations.csv').write_text(
            head
            + '1,,0.4,0.4,0.4\n'
            + '2,7,0.5,0.5,0.45\n'
            + f'3,3,0.6,0.5,{f1}\n'
        )
    short = tmp_path / 'control' / 'seed_0'
    short.mkdir(parents=True)
    (short / 'iterations.csv').write_text(head + '1,,0.4,0.4,0.4\n')
    values = evidence.iteration_values(exp, str(tmp_path), [0, 1])
    assert values['refine']['F1'] == [0.5, 0.6]
    assert values['refine']['F1 iteration 1'] == [0.4, 0.4]
    assert values['refine']['Labels changed'] == [10.0, 10.0]
    assert values['control'] == {}
