"""How tools/install.sh builds mmcv's ops on this machine: CPU or CUDA, with
which nvcc, for which GPU architectures.

    python tools/misc/cuda_plan.py            # shell assignments, for eval
    python tools/misc/cuda_plan.py --explain  # the same, in words

Run with the venv's Python (torch installed; mmir need not be). The rules:

* flavour: ``cuda`` when ``FORCE_CUDA=1`` or torch sees a GPU, ``cpu``
  otherwise or with ``FORCE_CUDA=0``. A CUDA flavour needs a CUDA build of
  torch (``torch.version.cuda``).
* nvcc: a system toolkit (``$CUDA_HOME/bin/nvcc``, else ``nvcc`` on PATH)
  whose release equals ``torch.version.cuda`` (major.minor); else NVIDIA's
  compiler wheels from PyPI, every piece pinned to torch's CUDA release
  (``nvidia-cuda-runtime`` to the exact version torch installed: a newer
  runtime header makes cccl refuse to compile). ``MMIR_NVCC=pip`` or
  ``system`` chooses instead of this rule.
* architectures: ``TORCH_CUDA_ARCH_LIST`` when set, else the compute
  capabilities of the visible GPUs (one build per GPU kind, not a dozen);
  a forced CUDA build without a GPU must name them.
* the wheel cache folder names the flavour, CUDA release and architectures,
  so a wheel built for one GPU is never reused for another.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence

# what the pip-assembled toolkit is made of (CUDA 13 wheels: one nvidia/cu13
# tree, the layout torch 2.13's own nvidia-* wheels use)
NVCC_WHEELS = (
    'nvidia-cuda-nvcc',
    'nvidia-cuda-crt',
    'nvidia-cuda-cccl',
    'nvidia-nvvm',
)
RUNTIME_WHEEL = 'nvidia-cuda-runtime'
ARCH = re.compile(r'^\d+\.\d+[a-z]?(\+PTX)?$')


class PlanError(Exception):
    """The machine cannot get the flavour asked for; says what to do."""


def _release(version: str | None) -> str | None:
    """'13.0' of '13.0', '13.0.88', 'V13.0.88'."""
    if not version:
        return None
    m = re.match(r'v?(\d+)\.(\d+)', version.strip(), re.IGNORECASE)
    return f'{m.group(1)}.{m.group(2)}' if m else None


def arch_list(
    env: Mapping[str, str], capabilities: Sequence[tuple[int, int]]
) -> list[str]:
    """``TORCH_CUDA_ARCH_LIST`` (``;`` or space separated) or the sorted
    distinct capabilities of the GPUs, as ``['8.6', '9.0']``."""
    given = env.get('TORCH_CUDA_ARCH_LIST', '').strip()
    if given:
        archs = [a for a in re.split(r'[;\s]+', given) if a]
        bad = [a for a in archs if not ARCH.match(a)]
        if bad:
            raise PlanError(
                f'TORCH_CUDA_ARCH_LIST={given!r}: {bad} are not '
                "architectures like '9.0' or '8.6+PTX'"
            )
        return archs
    if not capabilities:
        raise PlanError(
            'FORCE_CUDA=1 without a visible GPU: set TORCH_CUDA_ARCH_LIST '
            "to the GPUs the build is for, e.g. TORCH_CUDA_ARCH_LIST='9.0' "
            '(H100/H200), 8.0 (A100), 8.6 (RTX 30xx), 8.9 (RTX 40xx/L4)'
        )
    return [f'{a}.{b}' for a, b in sorted(set(capabilities))]


def make_plan(
    env: Mapping[str, str],
    capabilities: Sequence[tuple[int, int]],
    torch_cuda: str | None,
    system_nvcc: tuple[str, str] | None,
    runtime_version: str | None,
) -> dict[str, str]:
    """The build plan from the machine's facts.

    Args:
        env: the environment (``FORCE_CUDA``, ``TORCH_CUDA_ARCH_LIST``).
        capabilities: ``(major, minor)`` of each visible GPU.
        torch_cuda: ``torch.version.cuda`` (None for a CPU build of torch).
        system_nvcc: ``(path, release)`` of a system nvcc, or None.
        runtime_version: the installed ``nvidia-cuda-runtime`` version.

    Returns:
        ``flavour``, ``reason``, ``cuda_release`` (torch's, '13.0'),
        ``nvcc`` ('', 'system' or 'pip'),
        ``cuda_home`` (the system toolkit's), ``arch_list``, ``pip_pins``
        (space separated) and ``wheel_tag`` (the cache folder's suffix).
    """
    force = env.get('FORCE_CUDA', '').strip()
    cpu = dict(
        cuda_release='', nvcc='', cuda_home='', arch_list='', pip_pins=''
    )
    if force == '0':
        return dict(cpu, flavour='cpu', reason='FORCE_CUDA=0', wheel_tag='cpu')
    if force != '1' and not capabilities:
        return dict(
            cpu, flavour='cpu', reason='no GPU visible', wheel_tag='cpu'
        )
    reason = 'FORCE_CUDA=1' if force == '1' else 'a GPU is visible'
    if not torch_cuda:
        raise PlanError(
            f'{reason}, but this torch is a CPU-only build '
            '(torch.version.cuda is None): install the PyPI build with '
            '`pip install "torch===<version>"` (tools/install.sh does), or '
            'set FORCE_CUDA=0 for CPU ops'
        )
    release = _release(torch_cuda)
    archs = arch_list(env, capabilities)
    choice = env.get('MMIR_NVCC', 'auto').strip() or 'auto'
    if choice not in ('auto', 'pip', 'system'):
        raise PlanError(f'MMIR_NVCC={choice!r}: expected auto, pip or system')
    matching = bool(system_nvcc) and _release(system_nvcc[1]) == release
    if choice == 'system' and not matching:
        found = (
            f'CUDA {_release(system_nvcc[1])} at {system_nvcc[0]}'
            if system_nvcc
            else 'none (set CUDA_HOME)'
        )
        raise PlanError(
            f'MMIR_NVCC=system: torch needs a CUDA {release} toolkit; '
            f'found {found}'
        )
    if matching and choice != 'pip':
        nvcc, home, pins = 'system', system_nvcc[0], ''
    else:
        if int(release.split('.')[0]) < 13:
            found = (
                f'the system nvcc is CUDA {_release(system_nvcc[1])}'
                if system_nvcc
                else 'no system nvcc'
            )
            raise PlanError(
                f'torch is built with CUDA {release} and {found}: install '
                f'the CUDA {release} toolkit and set CUDA_HOME (the PyPI '
                'compiler is assembled for CUDA 13 wheels only)'
            )
        nvcc, home = 'pip', ''
        runtime = (
            f'{RUNTIME_WHEEL}=={runtime_version}'
            if _release(runtime_version) == release
            else f'{RUNTIME_WHEEL}=={release}.*'
        )
        pins = ' '.join([f'{w}=={release}.*' for w in NVCC_WHEELS] + [runtime])
    tag = 'cuda{}-sm{}'.format(
        release,
        '_'.join(a.replace('.', '').replace('+PTX', 'ptx') for a in archs),
    )
    return dict(
        flavour='cuda',
        reason=reason,
        cuda_release=release,
        nvcc=nvcc,
        cuda_home=home,
        arch_list=';'.join(archs),
        pip_pins=pins,
        wheel_tag=tag,
    )


def _system_nvcc(env: Mapping[str, str]) -> tuple[str, str] | None:
    """``(CUDA_HOME, release)`` of ``$CUDA_HOME/bin/nvcc`` or the nvcc on
    PATH, or None."""
    home = env.get('CUDA_HOME') or env.get('CUDA_PATH')
    nvcc = os.path.join(home, 'bin', 'nvcc') if home else shutil.which('nvcc')
    if not nvcc or not os.path.isfile(nvcc):
        return None
    try:
        out = subprocess.run(
            [nvcc, '--version'], capture_output=True, text=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r'release (\d+\.\d+)', out)
    if not m:
        return None
    root = home or _toolkit_root(nvcc)
    return (root, m.group(1)) if root else None


def _toolkit_root(nvcc: str) -> str | None:
    """The toolkit folder of an ``nvcc`` found on PATH: the folder above
    its ``bin/`` (after links), or /usr/local/cuda when that nvcc is a
    wrapper script elsewhere; the one holding ``include/cuda_runtime.h``."""
    for root in (
        os.path.dirname(os.path.dirname(os.path.realpath(nvcc))),
        '/usr/local/cuda',
    ):
        if os.path.isfile(os.path.join(root, 'include', 'cuda_runtime.h')):
            return root
    return None


def machine_facts() -> dict:
    """The facts :func:`make_plan` needs, read from this machine."""
    from importlib import metadata

    import torch

    caps = []
    if torch.cuda.is_available():
        caps = [
            torch.cuda.get_device_capability(i)
            for i in range(torch.cuda.device_count())
        ]
    try:
        runtime = metadata.version(RUNTIME_WHEEL)
    except metadata.PackageNotFoundError:
        runtime = None
    return dict(
        capabilities=caps,
        torch_cuda=torch.version.cuda,
        system_nvcc=_system_nvcc(os.environ),
        runtime_version=runtime,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--explain', action='store_true')
    args = parser.parse_args(argv)
    facts = machine_facts()
    try:
        plan = make_plan(os.environ, **facts)
    except PlanError as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    if args.explain:
        gpus = ', '.join(f'sm_{a}{b}' for a, b in facts['capabilities'])
        print(f'GPUs: {gpus or "none"}; torch CUDA: {facts["torch_cuda"]}')
        print(f'mmcv ops: {plan["flavour"]} ({plan["reason"]})')
        if plan['flavour'] == 'cuda':
            where = (
                f'system toolkit {plan["cuda_home"]}'
                if plan['nvcc'] == 'system'
                else f'PyPI wheels {plan["pip_pins"]}'
            )
            print(f'nvcc: {where}')
            print(f'architectures: {plan["arch_list"]}')
        print(f'wheel cache tag: {plan["wheel_tag"]}')
        return 0
    for key, value in plan.items():
        print(f'plan_{key}={shlex.quote(value)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
