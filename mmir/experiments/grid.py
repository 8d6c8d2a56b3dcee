"""Ablation grids: train and test every config of a folder (or glob), with
optional repeated seeds, and write one results table (Markdown and CSV)."""

import csv
import glob
import io
import os
import os.path as osp
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from mmir.utils.config_check import parse_cfg_options
from mmir.utils.fileio import write_text_atomic
from mmir.utils.launch import UsageError

from .executor import ExecutorOptions, run_specs
from .keys import experiment_keys
from .runs import (
    RunSpec,
    load_config,
    read_result,
    run_experiment,
    table_columns,
)
from .verdict import mean_std

__all__ = [
    'collect_configs',
    'run_grid',
    'run_row',
    'aggregate_rows',
    'summarize',
    'write_tables',
]


REFERENCES = 'references.txt'


def _references(folder):
    """Configs of other folders that are rows of ``folder``'s table: the
    lines of its ``references.txt`` (paths relative to ``folder``; ``#``
    starts a comment), so a row equal to another config is not a copy."""
    path = osp.join(folder, REFERENCES)
    if not osp.isfile(path):
        return []
    found = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            config = osp.normpath(osp.join(folder, line))
            if not (config.endswith('.py') and osp.isfile(config)):
                raise FileNotFoundError(
                    f'{path}, line {number}: {line!r} is not a config file '
                    f'(expected a .py path relative to {folder})'
                )
            found.append(config)
    return found


def collect_configs(paths: Sequence[str]) -> list[str]:
    """Config files of a grid: each path is a folder (its ``*.py`` files,
    not those starting with ``_``, and those its ``references.txt``
    names), a glob, or a file. Sorted, unique; two different configs with
    one name (they would share a run directory) are an error."""
    found = []
    for path in paths:
        if osp.isdir(path):
            matches = glob.glob(osp.join(path, '*.py'))
        else:
            matches = glob.glob(path)
        matches = [
            m
            for m in matches
            if not osp.basename(m).startswith('_') and osp.isfile(m)
        ]
        if osp.isdir(path):
            matches += _references(path)
        if not matches:
            raise FileNotFoundError(f'no config files in {path}')
        found += [osp.normpath(m) for m in matches]
    configs = sorted(
        set(found), key=lambda p: (osp.dirname(p), osp.basename(p))
    )
    by_name = {}
    for config in configs:
        other = by_name.setdefault(_name(config), config)
        if other != config:
            raise ValueError(
                f'{other} and {config} have the same name {_name(config)!r} '
                'and would share one run directory: run them in separate '
                'grids (work dirs)'
            )
    return configs


def _name(config):
    return osp.splitext(osp.basename(config))[0]


def _fmt(values):
    return mean_std(values, digits=4)


COUNT_METRICS = ('tp', 'fp', 'fn', 'tn', 'num_samples')


def _is_count(key) -> bool:
    return key.rsplit('/', 1)[-1] in COUNT_METRICS


def run_row(result: dict) -> dict:
    """One run's row: its metrics under the labels of the config's
    ``table_columns`` (in their order), then its other metrics under their
    own keys; ``keys`` maps each label back to its metric key. Whole-number
    count metrics (``.../tp``, ``fp``, ...) become ints."""
    columns = result.get('columns') or {}
    metrics = result.get('metrics') or {}
    keys = {lb: k for lb, k in columns.items() if k in metrics}
    mapped = set(columns.values())
    keys.update((k, k) for k in metrics if k not in mapped)
    values = {}
    for label, key in keys.items():
        value = metrics[key]
        if _is_count(key) and float(value).is_integer():
            value = int(value)
        values[label] = value
    return dict(
        config=result['config'],
        seed=result.get('seed'),
        fold=result.get('fold'),
        ok=result['status'] == 'ok',
        error=result.get('error'),
        work_dir=result.get('work_dir', ''),
        params=result.get('params'),
        flops=result.get('flops'),
        train_time_s=result.get('train_time_s'),
        columns=list(columns),
        keys=keys,
        metrics=values,
    )


def aggregate_rows(
    configs: Sequence[str], runs: Sequence[dict]
) -> tuple[list[dict], list[str]]:
    """One row per config from its runs' rows (:func:`run_row`): each
    metric's values over the successful runs (several seeds: the table shows
    mean and sample std). k-fold runs (rows with a ``fold``) add their count
    metrics up over the folds, per seed. Returns ``(rows, metric_keys)``,
    the ``table_columns`` labels first."""
    rows, metric_keys = [], []
    for config in configs:
        mine = [r for r in runs if r['config'] == config]
        ok = [r for r in mine if r['ok']]
        kfold = bool(ok) and all(r['fold'] is not None for r in ok)
        row = dict(
            config=_name(config),
            runs=len(mine),
            ok=len(ok),
            metrics={},
            columns=[],
            params=None,
            flops=None,
            train_time_s=None,
            work_dir=osp.dirname(mine[0]['work_dir'])
            if len(mine) > 1
            else (mine[0]['work_dir'] if mine else ''),
            errors=[r['error'] for r in mine if not r['ok']],
        )
        totals = {}
        for r in ok:
            row['columns'] += [
                c for c in r['columns'] if c not in row['columns']
            ]
            for label, value in r['metrics'].items():
                if kfold and _is_count(r['keys'][label]):
                    per_seed = totals.setdefault(label, {})
                    per_seed[r['seed']] = per_seed.get(r['seed'], 0) + value
                else:
                    row['metrics'].setdefault(label, []).append(value)
        for label, per_seed in totals.items():
            row['metrics'][label] = [
                int(t) if float(t).is_integer() else t
                for t in per_seed.values()
            ]
        row['folds'] = len({r['fold'] for r in ok if r['fold'] is not None})
        for key in row['columns'] + list(row['metrics']):
            if key not in metric_keys:
                metric_keys.append(key)
        if ok:
            row['params'] = ok[0]['params']
            row['flops'] = ok[0].get('flops')
            row['train_time_s'] = statistics.mean(
                r['train_time_s'] for r in ok
            )
        rows.append(row)
    labels = [k for k in metric_keys if any(k in r['columns'] for r in rows)]
    return rows, labels + [k for k in metric_keys if k not in labels]


def summarize(
    configs: Sequence[str], results: Sequence[dict | None]
) -> tuple[list[dict], list[str]]:
    """``aggregate_rows(configs, [run_row(r) for r in results])``."""
    return aggregate_rows(configs, [run_row(r) for r in results if r])


def _status(row):
    if row['runs'] == 0:
        return 'pending'
    if row['ok'] == row['runs']:
        return 'ok'
    return f'failed ({row["runs"] - row["ok"]}/{row["runs"]}): ' + '; '.join(
        sorted(set(row['errors']))
    )


def write_tables(
    rows: Sequence[dict], metric_keys: Sequence[str], out_prefix: str
) -> None:
    """Write ``<out_prefix>.md`` and ``<out_prefix>.csv`` atomically. When
    the configs name ``table_columns``, the Markdown table has only those
    (the paper's columns); the CSV always has every metric."""
    labels = [
        k
        for k in metric_keys
        if any(k in row.get('columns', ()) for row in rows)
    ]
    md_keys = labels or metric_keys
    head = [
        'config',
        *md_keys,
        'params (M)',
        'FLOPs (G)',
        'train time (s)',
        'status',
        'work_dir',
    ]
    md = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(
        [
            'config',
            'runs',
            *[c for k in metric_keys for c in (k, f'{k}_std')],
            'params',
            'flops',
            'train_time_s',
            'status',
            'work_dir',
        ]
    )
    for row in rows:
        params, flops = row['params'], row.get('flops')
        cells = [
            row['config'],
            *[_fmt(row['metrics'].get(k, [])) for k in md_keys],
            f'{params / 1e6:.3f}' if params else '',
            f'{flops / 1e9:.2f}' if flops else '',
            f'{row["train_time_s"]:.0f}' if row['train_time_s'] else '',
            _status(row).replace('|', '/'),
            row['work_dir'],
        ]
        md.append('| ' + ' | '.join(cells) + ' |')
        stats = []
        for k in metric_keys:
            vals = row['metrics'].get(k, [])
            stats += [
                statistics.mean(vals) if vals else '',
                statistics.stdev(vals) if len(vals) > 1 else '',
            ]
        writer.writerow(
            [
                row['config'],
                row['runs'],
                *stats,
                params or '',
                flops or '',
                row['train_time_s'] or '',
                _status(row),
                row['work_dir'],
            ]
        )
    if any(row.get('folds') for row in rows):
        md.append(
            '\nk-fold rows: mean ± sample std over the folds; counts '
            '(tp, fp, fn, tn, num_samples) are summed over the folds.'
        )
    write_text_atomic(f'{out_prefix}.md', '\n'.join(md) + '\n')
    write_text_atomic(f'{out_prefix}.csv', buf.getvalue())


class _Progress:
    """Prints which row, which iteration/epoch and the time left."""

    def __init__(self, total, printer) -> None:
        self.total, self.printer = total, printer
        self.done, self.durations = 0, []
        self.start = time.time()
        self.lock = threading.Lock()

    def grid_eta(self):
        if not self.durations:
            return '?'
        left = (self.total - self.done) * statistics.mean(self.durations)
        return time.strftime('%H:%M:%S', time.gmtime(left))

    def line(self, index, name, text) -> None:
        with self.lock:
            self.printer(
                f'[{index}/{self.total}] {name}: {text} '
                f'(grid time left ~{self.grid_eta()})'
            )

    def finished(self, seconds, skipped) -> None:
        with self.lock:
            self.done += 1
            if not skipped:
                self.durations.append(seconds)


def _kfold_results(
    config, run_dir, k, seed, cfg_options, data_root, printer, executor=None
):
    """Run the k folds of ``config`` (split seed 0, training seed ``seed``)
    and return one result per fold, attributed to ``config``."""
    from .kfold import run_kfold

    options = parse_cfg_options(list(cfg_options))
    if seed is not None:
        options['randomness.seed'] = seed
    run_kfold(
        config,
        run_dir,
        k=k,
        seed=0,
        cfg_options=options or None,
        data_root=data_root,
        printer=printer,
        executor=executor,
    )
    # Fold configs are dumped copies; the column order is the config's own.
    columns = table_columns(load_config(config, list(cfg_options)), config)
    results = []
    for i in range(k):
        r = read_result(osp.join(run_dir, f'fold_{i}'))
        if r is not None and r.get('status') == 'ok':
            r['columns'] = columns
        if r is None:
            r = dict(
                status='failed',
                error=f'fold {i}: no result',
                work_dir=osp.join(run_dir, f'fold_{i}'),
                metrics={},
            )
        results.append(dict(r, config=config, fold=i, seed=seed))
    return results


def run_grid(
    configs: Sequence[str],
    work_dir: str,
    seeds: Sequence[int] | None = None,
    cfg_options: Sequence[str] = (),
    data_root: str | None = None,
    gpus: int = 0,
    launcher: str = 'none',
    nproc: int = 1,
    srun_args: Sequence[str] = (),
    kfold: int = 0,
    printer: Callable[[str], Any] = print,
    executor: ExecutorOptions | None = None,
) -> tuple[list[dict], list[str]]:
    """Run every (config, seed) not finished yet; rewrite the tables after
    each run. Returns ``(rows, metric_keys)``. With ``kfold=k`` each
    (config, seed) is a stratified k-fold run (:func:`run_kfold`) and its
    row summarizes the folds. ``executor`` (:mod:`.executor`) makes each
    run (each fold) a Slurm or local job instead of a run in this
    process."""
    executor = executor or ExecutorOptions()
    if executor.kind != 'inline' and (gpus > 1 or launcher != 'none'):
        raise UsageError(
            f'--executor {executor.kind}: each job asks for its GPUs '
            '(--gpus-per-job); drop --gpus/--launcher'
        )
    for config in configs:  # a misspelt key fails before any training
        experiment_keys(load_config(config, list(cfg_options)), config)
    os.makedirs(work_dir, exist_ok=True)
    seeds = list(seeds) if seeds else [None]
    jobs = [(c, s) for c in configs for s in seeds]
    progress = _Progress(len(jobs), printer)
    results, lock = [], threading.Lock()
    out_prefix = osp.join(work_dir, 'results')

    def _run_name(config, seed):
        return _name(config) + ('' if seed is None else f' seed {seed}')

    def _spec(config, seed, env):
        run_dir = osp.join(
            work_dir, _name(config), '' if seed is None else f'seed_{seed}'
        ).rstrip('/')
        return RunSpec(
            config=config,
            work_dir=run_dir,
            cfg_options=list(cfg_options),
            data_root=data_root,
            seed=seed,
            launcher=launcher,
            nproc=nproc,
            srun_args=list(srun_args),
            env=env,
            dump_predictions=True,
        )

    def _record(index, name, result, seconds):
        progress.finished(seconds, result.get('skipped'))
        state = (
            'already finished, skipped'
            if result.get('skipped')
            else (
                'ok'
                if result['status'] == 'ok'
                else f'FAILED: {result["error"]}'
            )
        )
        if result.get('note'):
            state += f' ({result["note"]})'
        progress.line(index, name, state)
        with lock:
            results.append(result)
            write_tables(*summarize(configs, results), out_prefix)
        return result

    def run(index, config, seed, env):
        name = _run_name(config, seed)
        spec = _spec(config, seed, env)
        run_dir = spec.work_dir

        def on_progress(epoch, it, max_it, eta) -> None:
            where = f'epoch {epoch} ' if epoch else ''
            progress.line(
                index, name, f'{where}iter {it}/{max_it}, run eta {eta}'
            )

        start = time.time()
        progress.line(index, name, 'started')
        if kfold:
            if launcher != 'none' or env:
                raise ValueError(
                    'k-fold grids run on one device; drop --gpus/--launcher'
                )
            folds = _kfold_results(
                config,
                run_dir,
                kfold,
                seed,
                cfg_options,
                data_root,
                lambda text: progress.line(index, name, text),
                executor,
            )
            failed = [r for r in folds if r['status'] != 'ok']
            result = dict(
                status='failed' if failed else 'ok',
                error='; '.join(r['error'] for r in failed),
                skipped=all(r.get('skipped') for r in folds),
            )
            progress.finished(time.time() - start, False)
            progress.line(
                index,
                name,
                'ok' if not failed else f'FAILED: {result["error"]}',
            )
            with lock:
                results.extend(folds)
                write_tables(*summarize(configs, results), out_prefix)
            return result
        result = run_experiment(spec, on_progress)
        return _record(index, name, result, time.time() - start)

    if executor.kind != 'inline' and not kfold:
        start = time.time()
        names = [_run_name(c, s) for c, s in jobs]
        run_specs(
            [_spec(c, s, {}) for c, s in jobs],
            executor,
            lambda i, r: _record(i + 1, names[i], r, time.time() - start),
            on_event=lambda i, text: progress.line(i + 1, names[i], text),
        )
    elif gpus > 1 and launcher == 'none':
        # One run per GPU at a time: the pool has one worker per GPU.
        free, free_lock = list(range(gpus)), threading.Lock()

        def on_gpu(args):
            with free_lock:
                gpu = free.pop()
            try:
                return run(*args, {'CUDA_VISIBLE_DEVICES': str(gpu)})
            finally:
                with free_lock:
                    free.append(gpu)

        with ThreadPoolExecutor(gpus) as pool:
            list(
                pool.map(
                    on_gpu, [(i + 1, c, s) for i, (c, s) in enumerate(jobs)]
                )
            )
    else:
        for i, (config, seed) in enumerate(jobs):
            run(i + 1, config, seed, {})
    rows, keys = summarize(configs, results)
    write_tables(rows, keys, out_prefix)
    return rows, keys
