"""One experiment run: training then testing its last checkpoint, each as a
subprocess of :mod:`mmir.entrypoints` (``python -m
mmir.entrypoints.train`` / ``.test``, what ``tools/train.py`` and
``tools/test.py`` run), resumable, with its outcome in ``result.json``.

The grid runner and the k-fold runner are built on :func:`run_experiment`.
"""

from __future__ import annotations

import collections
import glob
import json
import os
import os.path as osp
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mmir.utils.config_check import load_config as _checked_config
from mmir.utils.config_check import parse_cfg_options
from mmir.utils.fileio import read_json, write_json_atomic

from .keys import RUN_TEST_SET, experiment_keys

if TYPE_CHECKING:
    from mmengine.config import Config

__all__ = [
    'RunSpec',
    'run_experiment',
    'read_result',
    'read_test_metrics',
    'entrypoint_command',
    'load_config',
    'model_complexity',
    'table_columns',
    'extra_test_configs',
    'RESULT_FILE',
]

RESULT_FILE = 'result.json'
_PROGRESS = re.compile(
    r'(Epoch|Iter)\(train\)\s+(?:\[(\d+)\])?\[\s*(\d+)/(\d+)\].*?eta: (\S+)'
)
# what the train entry point prints when InvalidLossHook stops a run
_DIVERGED = 'error: the training loss became '


@dataclass
class RunSpec:
    """What to run. ``cfg_options`` are ``key=value`` strings as on the
    command line; ``launcher``/``nproc`` start the training with torchrun
    (``pytorch``) or srun (``slurm``); ``env`` is added to the environment
    (e.g. ``CUDA_VISIBLE_DEVICES``)."""

    config: str
    work_dir: str
    cfg_options: list = field(default_factory=list)
    data_root: str = None
    seed: int = None
    launcher: str = 'none'
    nproc: int = 1
    srun_args: list = field(default_factory=list)
    env: dict = field(default_factory=dict)
    dump_predictions: bool = False


def read_result(work_dir: str) -> dict | None:
    return read_json(osp.join(work_dir, RESULT_FILE))


def load_config(
    config: str, cfg_options: Sequence[str] | None = None
) -> Config:
    """The config with ``key=value`` strings merged as ``--cfg-options``
    does (clear errors from :func:`mmir.utils.config_check.load_config`)."""
    return _checked_config(config, parse_cfg_options(cfg_options or []))


def model_complexity(
    config: str | Config,
    cfg_options: Sequence[str] | None = None,
    checkpoint: str | None = None,
    flops: bool = True,
) -> dict:
    """``dict(params, flops, flops_error)`` of the config's model (with the
    run's ``checkpoint`` loaded, e.g. for learned band statistics), from
    ``mmengine.analysis.get_model_complexity_info``. FLOPs are counted on the
    first sample of the config's test set after the model's
    ``data_preprocessor`` (the input the model really gets), in
    ``mode='tensor'`` with the data samples bound as mmdet's
    ``tools/analysis_tools/get_flops.py`` does; ``flops`` is None and
    ``flops_error`` says why when the data cannot be read or the model
    cannot be traced."""
    import functools
    import logging

    import torch
    from mmengine.analysis import get_model_complexity_info
    from mmengine.logging import MMLogger
    from mmengine.registry import MODELS, DefaultScope
    from mmengine.runner import Runner

    cfg = (
        config
        if not isinstance(config, str)
        else load_config(config, cfg_options)
    )
    with DefaultScope.overwrite_default_scope(
        cfg.get('default_scope', 'mmengine')
    ):
        model = MODELS.build(cfg.model).eval()
        if checkpoint:
            from mmengine.runner import load_checkpoint

            load_checkpoint(model, checkpoint, map_location='cpu')
        out = dict(
            params=sum(p.numel() for p in model.parameters()),
            flops=None,
            flops_error=None,
        )
        if not flops:
            return out
        logger = MMLogger.get_current_instance()
        level = logger.level
        try:
            loader = dict(
                cfg.test_dataloader,
                batch_size=1,
                num_workers=0,
                persistent_workers=False,
            )
            loader.pop('prefetch_factor', None)
            data = next(iter(Runner.build_dataloader(loader)))
            logger.setLevel(logging.ERROR)  # notes on unsupported ops
            with torch.no_grad():
                data = model.data_preprocessor(data, False)
                model.forward = functools.partial(
                    model.forward, data_samples=data['data_samples']
                )
                info = get_model_complexity_info(
                    model,
                    inputs=data['inputs'],
                    show_table=False,
                    show_arch=False,
                )
            out['flops'] = int(info['flops'])
        except Exception as err:  # the params still go into the table
            out['flops_error'] = f'{type(err).__name__}: {err}'[:300]
        finally:
            logger.setLevel(level)
    return out


def table_columns(
    cfg: Config, source: str = 'config'
) -> dict[str, str] | None:
    """The config's ``table_columns`` (see :mod:`mmir.experiments.keys`): an
    ordered ``{label: metric key}`` naming a paper's columns; None when the
    config has none."""
    return experiment_keys(cfg, source).table_columns


def extra_test_configs(
    cfg: Config, source: str = 'config'
) -> dict[str, Config]:
    """``{name: config}``: one test config per entry of the config's
    ``extra_test_sets`` (``{name: dataset config}``), each with that dataset
    in its ``test_dataloader``. A dataset (or wrapper) whose ``dataset`` is
    :data:`~mmir.experiments.keys.RUN_TEST_SET` gets the run's own test
    dataset, e.g. the inpainted copies of a k-fold run's test positives."""
    import copy

    sets = experiment_keys(cfg, source).extra_test_sets
    if not sets:
        return {}
    out = {}
    for name, ds in sets.items():
        ds = copy.deepcopy(ds)
        node = ds
        while isinstance(node, dict) and isinstance(node.get('dataset'), dict):
            node = node['dataset']
        if isinstance(node, dict) and node.get('dataset') == RUN_TEST_SET:
            node['dataset'] = copy.deepcopy(cfg.test_dataloader.dataset)
        test_cfg = copy.deepcopy(cfg)
        test_cfg.pop('extra_test_sets')
        test_cfg.test_dataloader.dataset = ds
        out[name] = test_cfg
    return out


ENTRYPOINTS = {
    'train': 'mmir.entrypoints.train',
    'test': 'mmir.entrypoints.test',
}


def entrypoint_command(spec: RunSpec, step: str, *args: str) -> list[str]:
    """The command line of ``step`` (``'train'`` or ``'test'``) for
    ``spec``: ``python -m mmir.entrypoints.<step> ARGS``; training under
    ``torch.distributed.run`` (``launcher='pytorch'``) or ``srun``
    (``'slurm'``) with ``spec.nproc`` processes."""
    module = ENTRYPOINTS[step]
    if spec.launcher == 'pytorch' and step == 'train':
        port = 29500 + (os.getpid() % 2000)
        return [
            sys.executable,
            '-m',
            'torch.distributed.run',
            f'--nproc_per_node={spec.nproc}',
            f'--master_port={port}',
            '-m',
            module,
            *args,
            '--launcher',
            'pytorch',
        ]
    if spec.launcher == 'slurm' and step == 'train':
        return [
            'srun',
            f'--ntasks={spec.nproc}',
            *spec.srun_args,
            sys.executable,
            '-u',
            '-m',
            module,
            *args,
            '--launcher',
            'slurm',
        ]
    return [sys.executable, '-m', module, *args]


def _last_error(text):
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in reversed(lines):
        if ln.startswith('error: ') or re.match(
            r'^\w+(Error|Exception)\b', ln
        ):
            return ln
    return lines[-1] if lines else 'no output'


def _run_logged(cmd, log_path, env, on_line=None):
    """Run ``cmd``, writing its output to ``log_path`` and passing each line
    to ``on_line``. Returns ``(rc, last 200 lines)``."""
    with open(log_path, 'a') as log:
        # Unbuffered: progress lines arrive as they are printed.
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, 'PYTHONUNBUFFERED': '1', **env},
            bufsize=1,
        )
        tail = collections.deque(maxlen=200)
        for line in proc.stdout:
            log.write(line)
            tail.append(line)
            if on_line:
                on_line(line)
        return proc.wait(), ''.join(tail)


def read_test_metrics(test_dir: str) -> dict[str, float] | None:
    """The numeric metrics of the newest ``tools/test.py`` run under
    ``test_dir`` (its ``<timestamp>/<timestamp>.json``; timings dropped), or
    None when there is none."""
    files = sorted(
        glob.glob(osp.join(test_dir, '*', '*.json')), key=osp.getmtime
    )
    if not files:
        return None
    with open(files[-1]) as f:
        metrics = json.load(f)
    return {
        k: v
        for k, v in metrics.items()
        if isinstance(v, (int, float)) and k not in ('time', 'data_time')
    }


def _extra_test(spec, name, test_cfg, checkpoint):
    """Test ``checkpoint`` on one extra test set; its metrics, or an error
    string."""
    work_dir = spec.work_dir
    cfg_path = osp.join(work_dir, 'extra_tests', f'{name}.py')
    os.makedirs(osp.dirname(cfg_path), exist_ok=True)
    test_cfg.dump(cfg_path)
    test_dir = osp.join(work_dir, f'test_{name}')
    rc, out = _run_logged(
        entrypoint_command(
            spec,
            'test',
            cfg_path,
            checkpoint,
            '--work-dir',
            test_dir,
            '--out',
            osp.join(test_dir, 'predictions.pkl'),
        ),
        osp.join(work_dir, f'test_{name}.out'),
        spec.env,
    )
    metrics = read_test_metrics(test_dir) if rc == 0 else None
    if rc:
        return f'test on {name}: {_last_error(out)}'
    if not metrics:
        return f'test on {name}: the evaluator reported no metrics'
    return metrics


def run_experiment(
    spec: RunSpec, progress: Callable[..., Any] | None = None
) -> dict:
    """Train and test ``spec.config`` in ``spec.work_dir``.

    A run whose ``result.json`` says ``ok`` is not repeated (returned with
    ``skipped=True``); an interrupted run resumes from its last checkpoint.
    ``progress(epoch, iter, max_iters, eta)`` is called on each training log
    line. Returns the result dict; failures are returned, not raised.
    """
    work_dir = spec.work_dir
    options = list(spec.cfg_options)
    if spec.seed is not None:
        options.append(f'randomness.seed={spec.seed}')
    done = read_result(work_dir)
    if done and done.get('status') == 'ok':
        if done.get('cfg_options') != options:
            done['note'] = (
                'finished earlier with other --cfg-options '
                f'{done.get("cfg_options")}; delete {work_dir} '
                'to run it again'
            )
        return dict(done, skipped=True)
    os.makedirs(work_dir, exist_ok=True)
    common = ['--data-root', spec.data_root] if spec.data_root else []
    common += ['--cfg-options', *options] if options else []
    result = dict(
        config=spec.config,
        work_dir=work_dir,
        seed=spec.seed,
        cfg_options=options,
        data_root=spec.data_root,
        status='failed',
        metrics={},
    )

    def on_line(line) -> None:
        m = _PROGRESS.search(line)
        if m and progress:
            progress(
                m.group(2) and int(m.group(2)),
                int(m.group(3)),
                int(m.group(4)),
                m.group(5),
            )

    resume = osp.isfile(osp.join(work_dir, 'last_checkpoint'))
    start = time.time()
    rc, out = _run_logged(
        entrypoint_command(
            spec,
            'train',
            spec.config,
            '--work-dir',
            work_dir,
            *(['--resume'] if resume else []),
            *common,
        ),
        osp.join(work_dir, 'train.out'),
        spec.env,
        on_line,
    )
    result['train_time_s'] = round(time.time() - start, 1)
    if rc != 0:
        error = _last_error(out)
        # InvalidLossHook (added by the train entry point) stopped the run
        result['error'] = (
            f'train: {error[len("error: ") :]} (stopped)'
            if error.startswith(_DIVERGED)
            else f'train: {error}'
        )
        write_json_atomic(result, osp.join(work_dir, RESULT_FILE))
        return result
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        checkpoint = f.read().strip()
    test_dir = osp.join(work_dir, 'test')
    dump = (
        ['--out', osp.join(test_dir, 'predictions.pkl')]
        if spec.dump_predictions
        else []
    )
    start = time.time()
    rc, out = _run_logged(
        entrypoint_command(
            spec,
            'test',
            spec.config,
            checkpoint,
            '--work-dir',
            test_dir,
            *dump,
            *common,
        ),
        osp.join(work_dir, 'test.out'),
        spec.env,
    )
    result['test_time_s'] = round(time.time() - start, 1)
    metrics = read_test_metrics(test_dir) if rc == 0 else None
    if not metrics:
        if rc:
            result['error'] = f'test: {_last_error(out)}'
        elif metrics is None:
            result['error'] = 'test: the test run wrote no metrics'
        else:
            result['error'] = (
                'test: the evaluator reported no metrics (COCO metrics are '
                'empty when no prediction passes test_cfg score_thr)'
            )
        write_json_atomic(result, osp.join(work_dir, RESULT_FILE))
        return result
    cfg = load_config(spec.config, options)
    if spec.data_root:
        from mmir.utils.config_check import override_data_root

        override_data_root(cfg, spec.data_root)
    for name, test_cfg in extra_test_configs(cfg, spec.config).items():
        extra = _extra_test(spec, name, test_cfg, checkpoint)
        if isinstance(extra, str):
            result['error'] = extra
            write_json_atomic(result, osp.join(work_dir, RESULT_FILE))
            return result
        metrics.update((f'{name}/{k}', v) for k, v in extra.items())
    result['params'] = result['flops'] = None
    try:
        result['columns'] = table_columns(cfg, spec.config)
        complexity = model_complexity(cfg, checkpoint=checkpoint)
        result['params'] = complexity['params']
        result['flops'] = complexity['flops']
        if complexity['flops_error']:
            result['flops_error'] = complexity['flops_error']
    except Exception as err:  # the run itself succeeded; keep its metrics
        result['params_error'] = f'{type(err).__name__}: {err}'
    result.update(
        status='ok', metrics=metrics, checkpoint=checkpoint, error=None
    )
    write_json_atomic(result, osp.join(work_dir, RESULT_FILE))
    return result
