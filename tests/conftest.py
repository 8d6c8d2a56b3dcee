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


def run_tool(*args, check=True, timeout=900, env=None, executable=False):
    """Run ``python <args>`` (or ``<args>`` with ``executable=True``) from
    the repository root as a user would."""
    cmd = [str(a) for a in args]
    if not executable:
        cmd.insert(0, sys.executable)
    proc = subprocess.run(
        cmd, cwd=ROOT, capture_output=True,
        text=True, timeout=timeout, env={**os.environ, **(env or {})})
    if check and proc.returncode != 0:
        raise AssertionError(
            f'{args} exited {proc.returncode}\nSTDOUT:\n{proc.stdout[-4000:]}'
            f'\nSTDERR:\n{proc.stderr[-6000:]}')
    return proc


@pytest.fixture(autouse=True)
def _toolbox_scope(request):
    """Tests under tests/test_det (test_cls) build from mmdet's
    (mmpretrain's) registries, whatever default scope an earlier test left
    behind."""
    scope = {'test_det': 'mmdet', 'test_cls': 'mmpretrain',
             'test_seg': 'mmseg'}.get(
        request.path.parent.name)
    if scope is None:
        yield
        return
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope(scope):
        yield


@pytest.fixture(scope='session')
def abmil_data(synthetic_root):
    """The synthetic landmine and MASATI sets prepared as `make data` does
    (converter lists, inpainted copies); returns their roots."""
    landmine, masati = synthetic_root / 'landmine', synthetic_root / 'masati'
    tools = f'{ROOT}/tools/dataset_converters'
    run_tool(f'{tools}/legbreaker.py', landmine)
    run_tool(f'{tools}/inpaint_boxes.py', landmine, '--ann-file',
             'mmir_ann/all.txt')
    run_tool(f'{tools}/masati.py', masati)
    run_tool(f'{tools}/inpaint_boxes.py', masati, '--boxes',
             'mmir_ann/boxes.json', '--img-prefix', '', '--margin', 5)
    return dict(landmine=landmine, masati=masati)
