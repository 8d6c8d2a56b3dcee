"""Grid and k-fold runs as submitit jobs: the Slurm job's options, a
finished run not resubmitted, and (local executor) a job killed half-way
resubmitted, resumed and in the table."""

import csv
import os
import re
import threading
import time

import pytest
from conftest import ROOT

from mmir.experiments.executor import ExecutorOptions, _executor, run_specs
from mmir.experiments.runs import RunSpec
from mmir.utils.fileio import write_json_atomic
from mmir.utils.launch import UsageError

BASE = f'{ROOT}/configs/synthetic/resnet18-gap_1xb4-20i_synth-landmine.py'


def test_options_are_checked():
    with pytest.raises(UsageError, match='expected one of'):
        ExecutorOptions(kind='pbs')
    with pytest.raises(UsageError, match='key=value'):
        ExecutorOptions(kind='slurm', sbatch=['qos'])


def test_slurm_job_options(tmp_path, monkeypatch):
    """The flags become the job's #SBATCH lines (fake srun/sbatch on PATH:
    submitit only looks for them)."""
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    for tool in ('srun', 'sbatch'):
        (bin_dir / tool).write_text('#!/bin/sh\nexit 1\n')
        (bin_dir / tool).chmod(0o755)
    opts = ExecutorOptions(
        kind='slurm',
        folder=str(tmp_path / 'jobs'),
        partition='gpu',
        gpus_per_job=2,
        cpus_per_task=8,
        timeout_min=90,
        sbatch=['qos=high', 'account=ir'],
    )
    monkeypatch.setenv('PATH', f'{bin_dir}:{os.environ["PATH"]}')
    script = _executor(opts)._executor._make_submission_file_text(
        'python -m job', 'uid'
    )
    lines = set(re.findall(r'#SBATCH (\S+)', script))
    for expected in (
        '--partition=gpu',
        '--gpus-per-node=2',
        '--cpus-per-task=8',
        '--time=90',
        '--qos=high',
        '--account=ir',
        '--signal=USR2@90',  # submitit's pre-emption / time-out requeue
    ):
        assert expected in lines, (expected, sorted(lines))
    monkeypatch.setenv('PATH', '/nonexistent')
    with pytest.raises(UsageError, match='no sbatch/srun'):
        _executor(opts)


def test_a_finished_run_is_not_submitted(tmp_path):
    spec = RunSpec(config=BASE, work_dir=str(tmp_path / 'done'))
    write_json_atomic(
        dict(status='ok', cfg_options=[], metrics={'m': 1.0}),
        str(tmp_path / 'done' / 'result.json'),
    )
    events, results = [], []
    run_specs(
        [spec],
        ExecutorOptions(kind='local', folder=str(tmp_path / 'jobs')),
        lambda i, r: results.append(r),
        on_event=lambda i, text: events.append(text),
    )
    assert events == [] and results[0]['skipped']
    assert not (tmp_path / 'jobs').exists()


class _FailingJobs:
    """A stand-in submitit executor whose jobs all fail at once."""

    def __init__(self):
        self.submitted = []

    def submit(self, job, spec):
        self.submitted.append(spec)
        n = len(self.submitted)

        class Job:
            job_id = str(n)

            def done(self):
                return True

            def result(self):
                raise RuntimeError('killed by the node\nOOM')

        return Job()


@pytest.mark.parametrize('max_retries', [0, 1, 3])
def test_a_failing_job_is_resubmitted_max_retries_times(
    tmp_path, monkeypatch, max_retries
):
    from mmir.experiments import executor as module

    jobs = _FailingJobs()
    monkeypatch.setattr(module, '_executor', lambda opts: jobs)
    monkeypatch.setattr(module, '_job_class', lambda: object)
    spec = RunSpec(config=BASE, work_dir=str(tmp_path / 'run'))
    events = []
    (result,) = run_specs(
        [spec],
        ExecutorOptions(kind='local', max_retries=max_retries, poll_s=0),
        lambda i, r: None,
        on_event=lambda i, text: events.append(text),
    )
    assert len(jobs.submitted) == 1 + max_retries
    assert sum('resubmitting' in e for e in events) == max_retries
    assert result['status'] == 'failed'
    assert result['error'].endswith(f'OOM (after {1 + max_retries} attempts)')


def _kill_tree(pid):
    """What Slurm does to a job: the job's process and everything it
    started."""
    import psutil

    proc = psutil.Process(pid)
    for p in [*proc.children(recursive=True), proc]:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass


@pytest.mark.e2e
def test_grid_on_local_jobs_survives_a_killed_job(tmp_path, synthetic_root):
    from mmir.experiments.grid import run_grid

    grid = tmp_path / 'grid'
    grid.mkdir()
    for name, lr in (('a_lr01', 0.01), ('b_lr001', 0.001)):
        (grid / f'{name}.py').write_text(
            f'_base_ = [{BASE!r}]\n'
            f'optim_wrapper = dict(optimizer=dict(lr={lr}))\n'
        )
    work = tmp_path / 'work'
    lines, killed = [], []

    def killer(job_id):
        ckpt = work / 'a_lr01' / 'last_checkpoint'  # iter_2.pth complete
        deadline = time.time() + 600
        while not ckpt.exists() and time.time() < deadline:
            time.sleep(0.1)
        _kill_tree(int(job_id))
        killed.append(job_id)

    def printer(text):
        lines.append(text)
        m = re.search(r'a_lr01: submitted as job (\d+)', text)
        if m and not killed and not any('resubmitting' in t for t in lines):
            threading.Thread(target=killer, args=(m.group(1),)).start()

    rows, _ = run_grid(
        [str(grid / 'a_lr01.py'), str(grid / 'b_lr001.py')],
        str(work),
        cfg_options=[
            'train_cfg.max_iters=4',
            'train_cfg.val_interval=4',
            'default_hooks.checkpoint.interval=2',
        ],
        data_root=f'{synthetic_root / "landmine"}/',
        printer=printer,
        executor=ExecutorOptions(
            kind='local', folder=str(work / 'submitit'), poll_s=0.5
        ),
    )
    text = '\n'.join(lines)
    assert killed, text
    assert re.search(r'a_lr01: job \d+ failed .*; resubmitting', text), text
    assert 'b_lr001: ok' in text and 'a_lr01: ok' in text
    # the resubmitted job resumed from the killed one's checkpoint
    logs = sorted((work / 'a_lr01').glob('2*/2*.log'))
    assert len(logs) == 2
    assert 'resumed epoch: 0, iter: 2' in logs[-1].read_text()
    with open(work / 'results.csv') as f:
        table = {row['config']: row for row in csv.DictReader(f)}
    assert {k: v['status'] for k, v in table.items()} == {
        'a_lr01': 'ok',
        'b_lr001': 'ok',
    }
