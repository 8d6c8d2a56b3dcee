"""What ``tools/train.py`` and ``tools/test.py`` share: one entry point for
mmdet, mmseg and mmpretrain configs (the config's ``default_scope`` decides),
CPU-friendly distributed set-up, and clear errors for bad input."""

from __future__ import annotations

import argparse
import functools
import os
import os.path as osp
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import torch
from mmengine.config import DictAction

from mmir.datasets.guarded_dataset import one_line
from mmir.engine.hooks.invalid_loss_hook import DivergedLossError

from .checkpoint import CheckpointLoadError
from .config_check import ConfigCheckError, load_config, override_data_root
from .fileio import OutputDirError

if TYPE_CHECKING:
    from mmengine.config import Config
    from mmengine.runner import Runner

__all__ = [
    'cli_main',
    'add_common_args',
    'config_from_args',
    'build_runner',
    'run_guarded',
    'prepare_distributed',
    'enable_test_visualization',
    'UsageError',
    'TOOLBOXES',
]

TOOLBOXES = {
    'mmdet': 'mmir.det',
    'mmseg': 'mmir.seg',
    'mmpretrain': 'mmir.cls',
}
_NOT_REGISTERED = re.compile(r'(\w+) is not in the (\S+) registry')


class UsageError(RuntimeError):
    """Bad command-line input."""


def cli_main(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``func``; report input errors in one line (exit code 2), and a
    training stopped by :class:`~mmir.engine.hooks.InvalidLossHook` in one
    line (exit code 1), unless ``MMIR_DEBUG=1`` asks for the traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (
            ConfigCheckError,
            CheckpointLoadError,
            UsageError,
            OutputDirError,
            FileNotFoundError,
        ) as err:
            if os.environ.get('MMIR_DEBUG') == '1':
                raise
            print(f'error: {one_line(err)}', file=sys.stderr)
            sys.exit(2)
        except DivergedLossError as err:
            if os.environ.get('MMIR_DEBUG') == '1':
                raise
            print(f'error: {err}', file=sys.stderr)
            sys.exit(1)

    return wrapper


def add_common_args(parser: argparse.ArgumentParser) -> None:
    """Arguments ``tools/train.py`` and ``tools/test.py`` share."""
    parser.add_argument(
        '--work-dir',
        help='where logs, checkpoints and '
        'metrics go; default work_dirs/<config name>',
    )
    parser.add_argument(
        '--data-root',
        help='read every dataset of the '
        'config from this folder instead of its data_root',
    )
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value',
    )
    parser.add_argument(
        '--launcher',
        default='none',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
    )
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def config_from_args(args: argparse.Namespace) -> Config:
    """Load ``args.config`` and apply the common arguments."""
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    cfg = load_config(args.config, args.cfg_options)
    if args.data_root:
        override_data_root(cfg, args.data_root)
    cfg.launcher = args.launcher
    cfg.work_dir = (
        args.work_dir
        or cfg.get('work_dir')
        or osp.join('work_dirs', osp.splitext(osp.basename(args.config))[0])
    )
    return cfg


def _explain_registry_error(err, cfg):
    match = _NOT_REGISTERED.search(str(err))
    if not match:
        return None
    name, registry = match.groups()
    scope = cfg.get('default_scope', 'mmengine')
    hint = ''
    if scope in TOOLBOXES:
        hint = (
            f" mmir's {scope} modules are registered by "
            f"custom_imports = dict(imports=['{TOOLBOXES[scope]}'], "
            'allow_failed_imports=False) in the config.'
        )
    return ConfigCheckError(
        f'{cfg.filename}: type {name!r} is not registered in {registry}; '
        f'check its spelling.{hint}'
    )


def build_runner(cfg: Config) -> Runner:
    """``Runner.from_cfg`` (or ``RUNNERS.build`` when ``runner_type`` is
    set), with an unknown ``type`` reported clearly."""
    from mmengine.registry import RUNNERS
    from mmengine.runner import Runner

    try:
        if 'runner_type' in cfg:
            return RUNNERS.build(cfg)
        return Runner.from_cfg(cfg)
    except KeyError as err:
        raise (_explain_registry_error(err, cfg) or err) from None


def run_guarded(runner_call: Callable[[], Any], cfg: Config) -> Any:
    """Call ``runner.train``/``runner.test``; datasets and evaluators are
    built lazily there, so registry errors surface here too."""
    try:
        return runner_call()
    except KeyError as err:
        raise (_explain_registry_error(err, cfg) or err) from None


def prepare_distributed(cfg: Config, launcher: str) -> None:
    """Make MMEngine's DDP work on machines without a GPU.

    MMEngine 0.10.7 calls ``torch.cuda.set_device`` in ``init_dist`` and
    wraps the model with ``device_ids=[LOCAL_RANK]``; both fail on the CPU.
    Without CUDA this initialises the process group with ``gloo`` itself (the
    runner then skips ``init_dist``) and builds the DDP wrapper with
    ``device_ids=None``. Under ``slurm`` the rank, world size and master
    address come from Slurm's variables, as MMEngine's own slurm set-up
    takes them.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return
    if launcher == 'slurm':
        _slurm_env()
    elif launcher != 'pytorch':
        raise UsageError(
            f'launcher {launcher!r} needs GPUs; on a CPU-only machine use '
            '--launcher pytorch (tools/dist_train.sh) or slurm'
        )
    import torch.distributed as dist

    cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    cfg.env_cfg.dist_cfg['backend'] = 'gloo'
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel',
        broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False),
    )
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
    if not dist.is_initialized():
        dist.init_process_group(backend='gloo')


def _slurm_env() -> None:
    """``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``, ``MASTER_ADDR`` and
    ``MASTER_PORT`` for ``torch.distributed`` from an srun task's
    ``SLURM_*`` variables (MMEngine's ``_init_dist_slurm`` without its CUDA
    device set-up)."""
    import subprocess

    missing = [
        k
        for k in ('SLURM_PROCID', 'SLURM_NTASKS', 'SLURM_NODELIST')
        if k not in os.environ
    ]
    if missing:
        raise UsageError(
            f'--launcher slurm outside an srun task: {", ".join(missing)} '
            'not set (start it with tools/slurm_train.sh)'
        )
    env = os.environ
    if 'MASTER_ADDR' not in env:
        hosts = subprocess.run(
            ['scontrol', 'show', 'hostname', env['SLURM_NODELIST']],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        env['MASTER_ADDR'] = hosts[0]
    env.setdefault('MASTER_PORT', '29500')
    env['RANK'] = env['SLURM_PROCID']
    env['WORLD_SIZE'] = env['SLURM_NTASKS']
    env['LOCAL_RANK'] = env.get('SLURM_LOCALID', '0')


def enable_test_visualization(
    cfg: Config,
    show_dir: str | None = None,
    show: bool = False,
    wait_time: int = 2,
) -> None:
    """Switch on the toolbox's visualization hook for ``tools/test.py``."""
    scope = cfg.get('default_scope')
    hook = cfg.default_hooks.get('visualization')
    if hook is None:
        raise ConfigCheckError(
            f'{cfg.filename}: default_hooks.visualization is missing; '
            '--show/--show-dir need the toolbox visualization hook'
        )
    show_dir = osp.abspath(show_dir) if show_dir else None
    hook['interval'] = 1  # every test image, not one in 50 (mmseg) / 5000
    if scope == 'mmpretrain':
        hook.update(enable=True, show=show, wait_time=wait_time)
        if show_dir:
            hook['out_dir'] = show_dir
        return
    hook.update(draw=True, show=show, wait_time=wait_time)
    if show_dir and scope == 'mmdet':
        hook['test_out_dir'] = show_dir
    elif show_dir:
        cfg.visualizer['save_dir'] = show_dir
