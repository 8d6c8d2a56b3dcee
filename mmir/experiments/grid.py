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
from concurrent.futures import ThreadPoolExecutor

from mmir.utils.fileio import write_text_atomic

from .runs import RunSpec, run_experiment

__all__ = ['collect_configs', 'run_grid', 'summarize', 'write_tables']


def collect_configs(paths):
    """Config files of a grid: each path is a folder (its ``*.py`` files,
    not those starting with ``_``), a glob, or a file. Sorted, unique."""
    found = []
    for path in paths:
        if osp.isdir(path):
            matches = glob.glob(osp.join(path, '*.py'))
        else:
            matches = glob.glob(path)
        matches = [m for m in matches
                   if not osp.basename(m).startswith('_') and osp.isfile(m)]
        if not matches:
            raise FileNotFoundError(f'no config files in {path}')
        found += matches
    return sorted(set(found), key=lambda p: (osp.dirname(p), osp.basename(p)))


def _name(config):
    return osp.splitext(osp.basename(config))[0]


def _fmt(values):
    if not values:
        return ''
    if len(values) == 1:
        return f'{values[0]:.4f}'
    return f'{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f}'


def summarize(configs, results):
    """One row per config from its runs' results (several seeds: mean and
    sample std over the successful ones). Runs whose config names
    ``table_columns`` get those labels as metric keys, in that order, ahead
    of their other metrics; ``row['columns']`` lists the labels."""
    rows, metric_keys = [], []
    for config in configs:
        runs = [r for r in results if r and r['config'] == config]
        ok = [r for r in runs if r['status'] == 'ok']
        row = dict(config=_name(config), runs=len(runs), ok=len(ok),
                   metrics={}, columns=[], params=None, train_time_s=None,
                   work_dir=osp.dirname(runs[0]['work_dir']) if len(runs) > 1
                   else (runs[0]['work_dir'] if runs else ''),
                   errors=[r['error'] for r in runs if r['status'] != 'ok'])
        for r in ok:
            columns = r.get('columns') or {}
            named = {label: r['metrics'][key]
                     for label, key in columns.items() if key in r['metrics']}
            mapped = set(columns.values())
            named.update((k, v) for k, v in r['metrics'].items()
                         if k not in mapped)
            for label in columns:
                if label not in row['columns']:
                    row['columns'].append(label)
            for key, value in named.items():
                row['metrics'].setdefault(key, []).append(value)
        for key in row['columns'] + list(row['metrics']):
            if key not in metric_keys:
                metric_keys.append(key)
        if ok:
            row['params'] = ok[0].get('params')
            row['train_time_s'] = statistics.mean(r['train_time_s']
                                                  for r in ok)
        rows.append(row)
    labels = [k for k in metric_keys if any(k in r['columns'] for r in rows)]
    return rows, labels + [k for k in metric_keys if k not in labels]


def _status(row):
    if row['runs'] == 0:
        return 'pending'
    if row['ok'] == row['runs']:
        return 'ok'
    return f"failed ({row['runs'] - row['ok']}/{row['runs']}): " + \
        '; '.join(sorted(set(row['errors'])))


def write_tables(rows, metric_keys, out_prefix):
    """Write ``<out_prefix>.md`` and ``<out_prefix>.csv`` atomically. When
    the configs name ``table_columns``, the Markdown table has only those
    (the paper's columns); the CSV always has every metric."""
    labels = [k for k in metric_keys
              if any(k in row.get('columns', ()) for row in rows)]
    md_keys = labels or metric_keys
    head = ['config', *md_keys, 'params (M)', 'train time (s)',
            'status', 'work_dir']
    md = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(['config', 'runs', *[c for k in metric_keys
                                         for c in (k, f'{k}_std')],
                     'params', 'train_time_s', 'status', 'work_dir'])
    for row in rows:
        params = row['params']
        cells = [row['config'],
                 *[_fmt(row['metrics'].get(k, [])) for k in md_keys],
                 f'{params / 1e6:.3f}' if params else '',
                 f"{row['train_time_s']:.0f}" if row['train_time_s'] else '',
                 _status(row).replace('|', '/'), row['work_dir']]
        md.append('| ' + ' | '.join(cells) + ' |')
        stats = []
        for k in metric_keys:
            vals = row['metrics'].get(k, [])
            stats += [statistics.mean(vals) if vals else '',
                      statistics.stdev(vals) if len(vals) > 1 else '']
        writer.writerow([row['config'], row['runs'], *stats, params or '',
                         row['train_time_s'] or '', _status(row),
                         row['work_dir']])
    write_text_atomic(f'{out_prefix}.md', '\n'.join(md) + '\n')
    write_text_atomic(f'{out_prefix}.csv', buf.getvalue())


class _Progress:
    """Prints which row, which iteration/epoch and the time left."""

    def __init__(self, total, printer):
        self.total, self.printer = total, printer
        self.done, self.durations = 0, []
        self.start = time.time()
        self.lock = threading.Lock()

    def grid_eta(self):
        if not self.durations:
            return '?'
        left = (self.total - self.done) * statistics.mean(self.durations)
        return time.strftime('%H:%M:%S', time.gmtime(left))

    def line(self, index, name, text):
        with self.lock:
            self.printer(f'[{index}/{self.total}] {name}: {text} '
                         f'(grid time left ~{self.grid_eta()})')

    def finished(self, seconds, skipped):
        with self.lock:
            self.done += 1
            if not skipped:
                self.durations.append(seconds)


def run_grid(configs, work_dir, seeds=None, cfg_options=(), data_root=None,
             gpus=0, launcher='none', nproc=1, srun_args=(), printer=print):
    """Run every (config, seed) not finished yet; rewrite the tables after
    each run. Returns ``(rows, metric_keys)``."""
    os.makedirs(work_dir, exist_ok=True)
    seeds = list(seeds) if seeds else [None]
    jobs = [(c, s) for c in configs for s in seeds]
    progress = _Progress(len(jobs), printer)
    results, lock = [], threading.Lock()
    out_prefix = osp.join(work_dir, 'results')

    def run(index, config, seed, env):
        name = _name(config) + ('' if seed is None else f' seed {seed}')
        run_dir = osp.join(work_dir, _name(config),
                           '' if seed is None else f'seed_{seed}').rstrip('/')
        spec = RunSpec(config=config, work_dir=run_dir,
                       cfg_options=list(cfg_options), data_root=data_root,
                       seed=seed, launcher=launcher, nproc=nproc,
                       srun_args=list(srun_args), env=env,
                       dump_predictions=True)

        def on_progress(epoch, it, max_it, eta):
            where = f'epoch {epoch} ' if epoch else ''
            progress.line(index, name, f'{where}iter {it}/{max_it}, '
                          f'run eta {eta}')

        start = time.time()
        progress.line(index, name, 'started')
        result = run_experiment(spec, on_progress)
        progress.finished(time.time() - start, result.get('skipped'))
        state = 'already finished, skipped' if result.get('skipped') else \
            ('ok' if result['status'] == 'ok' else f"FAILED: {result['error']}")
        if result.get('note'):
            state += f" ({result['note']})"
        progress.line(index, name, state)
        with lock:
            results.append(result)
            write_tables(*summarize(configs, results), out_prefix)
        return result

    if gpus > 1 and launcher == 'none':
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
            list(pool.map(on_gpu, [(i + 1, c, s)
                                   for i, (c, s) in enumerate(jobs)]))
    else:
        for i, (config, seed) in enumerate(jobs):
            run(i + 1, config, seed, {})
    rows, keys = summarize(configs, results)
    write_tables(rows, keys, out_prefix)
    return rows, keys
