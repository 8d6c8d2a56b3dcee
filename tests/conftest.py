import os
import os.path as osp
import subprocess
import sys

import pytest

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


@pytest.fixture(scope='session')
def synthetic_root(tmp_path_factory):
    """The default synthetic datasets, generated once per test session."""
    from mmir.datasets.synthetic import generate_all
    root = tmp_path_factory.mktemp('synthetic')
    generate_all(str(root))
    return root


def run_tool(*args, check=True, timeout=900, env=None):
    """Run ``python <args>`` from the repository root as a user would."""
    proc = subprocess.run(
        [sys.executable, *map(str, args)], cwd=ROOT, capture_output=True,
        text=True, timeout=timeout, env={**os.environ, **(env or {})})
    if check and proc.returncode != 0:
        raise AssertionError(
            f'{args} exited {proc.returncode}\nSTDOUT:\n{proc.stdout[-4000:]}'
            f'\nSTDERR:\n{proc.stderr[-6000:]}')
    return proc
