"""Where the runs of a grid or a k-fold go: this process, one after another
(``inline``), or one cluster job each through submitit (``slurm``; ``local``
runs the same jobs as local processes, for a laptop or a test).

A run whose ``result.json`` says ``ok`` is not submitted again. A job that
fails, is killed or is pre-empted is resubmitted (up to ``max_retries``
times) and its training resumes from its last checkpoint
(:func:`~mmir.experiments.runs.run_experiment`); on Slurm a pre-emption or
time-out requeues the job itself (submitit's checkpointing). Results are
handed back as they arrive, so the tables are rewritten after each run.
"""

from __future__ import annotations

import os.path as osp
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mmir.utils.launch import UsageError

from .runs import RunSpec, read_result, run_experiment

__all__ = [
    'ExecutorOptions',
    'add_executor_args',
    'executor_options',
    'run_specs',
]

EXECUTORS = ('inline', 'local', 'slurm')


@dataclass
class ExecutorOptions:
    """How runs are executed (``run_grid.py``/``kfold.py`` flags).

    Args:
        kind: 'inline', 'local' or 'slurm'.
        folder: where submitit keeps its job files and logs.
        partition: Slurm partition.
        gpus_per_job: GPUs each job asks for.
        cpus_per_task: CPUs each job asks for.
        timeout_min: the job's time limit (minutes).
        sbatch: extra ``#SBATCH`` options as ``key=value`` (``qos=high``).
        max_retries: resubmissions of a failed or killed job.
        poll_s: seconds between checks of the running jobs.
    """

    kind: str = 'inline'
    folder: str = ''
    partition: str | None = None
    gpus_per_job: int = 1
    cpus_per_task: int | None = None
    timeout_min: int = 24 * 60
    sbatch: Sequence[str] = field(default_factory=list)
    max_retries: int = 2
    poll_s: float = 10.0

    def __post_init__(self) -> None:
        if self.kind not in EXECUTORS:
            raise UsageError(
                f'executor {self.kind!r}: expected one of {EXECUTORS}'
            )
        bad = [s for s in self.sbatch if '=' not in s]
        if bad:
            raise UsageError(f'--sbatch expects key=value, got {bad}')


def _executor(opts: ExecutorOptions) -> Any:
    import submitit

    if opts.kind == 'local':
        ex = submitit.LocalExecutor(folder=opts.folder)
        ex.update_parameters(
            timeout_min=opts.timeout_min, gpus_per_node=opts.gpus_per_job
        )
        return ex
    if shutil.which('srun') is None or shutil.which('sbatch') is None:
        raise UsageError(
            '--executor slurm: no sbatch/srun on this machine; run the grid '
            'on the cluster (a login node), or use --executor local'
        )
    ex = submitit.AutoExecutor(folder=opts.folder, cluster='slurm')
    params = dict(
        timeout_min=opts.timeout_min,
        gpus_per_node=opts.gpus_per_job,
        tasks_per_node=1,
        nodes=1,
        slurm_additional_parameters=dict(s.split('=', 1) for s in opts.sbatch),
    )
    if opts.partition:
        params['slurm_partition'] = opts.partition
    if opts.cpus_per_task:
        params['cpus_per_task'] = opts.cpus_per_task
    ex.update_parameters(**params)
    return ex


def _job_class() -> type:
    import submitit

    class RunJob(submitit.helpers.Checkpointable):
        """``run_experiment(spec)`` as a job; pre-empted or timed out, it
        requeues itself with the same spec (the run then resumes)."""

        def __call__(self, spec: RunSpec) -> dict:
            return run_experiment(spec)

    return RunJob


def run_specs(
    specs: Sequence[RunSpec],
    opts: ExecutorOptions,
    on_result: Callable[[int, dict], None],
    on_progress: Callable[[int], Callable[..., Any] | None] | None = None,
    on_event: Callable[[int, str], None] | None = None,
) -> list[dict]:
    """Run every spec; ``on_result(i, result)`` as each one finishes (in
    finishing order for jobs). ``on_progress(i)`` gives the progress
    callback of an inline run; ``on_event(i, text)`` hears of job
    submissions, failures and resubmissions. Returns the results in
    ``specs`` order."""
    results: list[dict | None] = [None] * len(specs)

    def finish(i, result):
        results[i] = result
        on_result(i, result)

    if opts.kind == 'inline':
        for i, spec in enumerate(specs):
            progress = on_progress(i) if on_progress else None
            finish(i, run_experiment(spec, progress))
        return results
    event = on_event or (lambda i, text: None)
    pending, attempts, made = {}, {}, {}

    def submit(i):
        if not made:  # only when something is left to run
            made.update(executor=_executor(opts), job_class=_job_class())
        job = made['executor'].submit(made['job_class'](), specs[i])
        pending[i] = job
        attempts[i] = attempts.get(i, 0) + 1
        event(i, f'submitted as job {job.job_id}')

    for i, spec in enumerate(specs):
        done = read_result(spec.work_dir)
        if done and done.get('status') == 'ok':
            finish(i, run_experiment(spec))  # skipped, with its note
        else:
            submit(i)
    while pending:
        time.sleep(opts.poll_s)
        for i, job in list(pending.items()):
            if not job.done():
                continue
            del pending[i]
            try:
                result = job.result()
            except Exception as err:  # killed, node failure, OOM, ...
                reason = str(err).strip().splitlines()
                reason = reason[-1] if reason else type(err).__name__
                if attempts[i] <= opts.max_retries:
                    event(
                        i, f'job {job.job_id} failed ({reason}); resubmitting'
                    )
                    submit(i)
                    continue
                result = dict(
                    config=specs[i].config,
                    work_dir=specs[i].work_dir,
                    seed=specs[i].seed,
                    status='failed',
                    metrics={},
                    error=f'job {job.job_id}: {reason} '
                    f'(after {attempts[i]} attempts)',
                )
            finish(i, result)
    return results


def add_executor_args(parser: Any) -> None:
    """The ``--executor`` flags of ``run_grid.py`` and ``kfold.py``."""
    group = parser.add_argument_group('cluster jobs (submitit)')
    group.add_argument(
        '--executor',
        default='inline',
        choices=EXECUTORS,
        help='inline: runs in this process, one after another; slurm: each '
        'run (each fold) a Slurm job; local: the same jobs as local '
        'processes',
    )
    group.add_argument('--partition', help='Slurm partition')
    group.add_argument('--gpus-per-job', type=int, default=1)
    group.add_argument('--cpus-per-task', type=int)
    group.add_argument(
        '--time', type=int, default=24 * 60, help='job time limit, minutes'
    )
    group.add_argument(
        '--sbatch',
        nargs='+',
        default=[],
        metavar='KEY=VALUE',
        help='extra #SBATCH options, e.g. qos=high account=proj',
    )
    group.add_argument(
        '--max-retries',
        type=int,
        default=2,
        help='resubmissions of a failed or killed job (it resumes)',
    )
    group.add_argument(
        '--poll', type=float, default=10.0, help='seconds between checks'
    )


def executor_options(args: Any, work_dir: str) -> ExecutorOptions:
    """:class:`ExecutorOptions` from the parsed flags; job files in
    ``<work_dir>/submitit``."""
    return ExecutorOptions(
        kind=args.executor,
        folder=osp.join(work_dir, 'submitit'),
        partition=args.partition,
        gpus_per_job=args.gpus_per_job,
        cpus_per_task=args.cpus_per_task,
        timeout_min=args.time,
        sbatch=args.sbatch,
        max_retries=args.max_retries,
        poll_s=args.poll,
    )
