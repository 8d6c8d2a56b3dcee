"""The suite's training guard (tests/conftest.py and
tests/train_guard/sitecustomize.py): a test that runs ``Runner.train``,
in its own process or in a subprocess, fails unless it is marked ``e2e``
or ``slow``, so every new end-to-end test lands where `make test` and
`make test-all` expect it."""

import os
import subprocess
import sys

import pytest
from conftest import ROOT

TOY = """
import sys

import torch
from mmengine.model import BaseModel
from mmengine.runner import Runner


class Toy(BaseModel):
    def __init__(self):
        super().__init__()
        self.w = torch.nn.Linear(1, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.w(inputs).pow(2).mean()
        return dict(loss=out) if mode == 'loss' else out


Runner(
    model=Toy(),
    work_dir=sys.argv[1],
    train_dataloader=dict(
        dataset=[dict(inputs=torch.ones(1))] * 4,
        sampler=dict(type='DefaultSampler', shuffle=False),
        batch_size=2,
        collate_fn=dict(type='default_collate'),
    ),
    optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
    train_cfg=dict(by_epoch=False, max_iters=1),
    default_hooks=dict(checkpoint=None),
).train()
"""

CASES = """
import subprocess
import sys

import pytest

TOY = {toy!r}


def train_here(tmp_path):
    exec(compile(TOY.replace('sys.argv[1]', repr(str(tmp_path))), 'toy',
                 'exec'), {{}})


def train_in_a_subprocess(tmp_path):
    subprocess.run([sys.executable, '-c', TOY, str(tmp_path)], check=True)


def test_unmarked_here(tmp_path):
    train_here(tmp_path)


def test_unmarked_subprocess(tmp_path):
    train_in_a_subprocess(tmp_path)


@pytest.mark.e2e
def test_marked_here(tmp_path):
    train_here(tmp_path)


@pytest.mark.slow
def test_marked_subprocess(tmp_path):
    train_in_a_subprocess(tmp_path)


def test_no_training():
    assert True
"""

# the suite's conftest, loaded under another name beside the cases
CONFTEST = f"""
import importlib.util

spec = importlib.util.spec_from_file_location(
    'mmir_tests_conftest', {os.path.join(ROOT, 'tests', 'conftest.py')!r}
)
suite = importlib.util.module_from_spec(spec)
spec.loader.exec_module(suite)
globals().update(
    {{k: v for k, v in vars(suite).items() if k.startswith('pytest_')}}
)
"""


def test_unmarked_training_fails_here_and_in_a_subprocess(tmp_path):
    cases = tmp_path / 'cases'
    cases.mkdir()
    (cases / 'conftest.py').write_text(CONFTEST)
    (cases / 'test_cases.py').write_text(CASES.format(toy=TOY))
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(('MMIR_TRAIN_', 'PYTEST_XDIST'))
    }
    env['PYTHONPATH'] = os.pathsep.join(
        p
        for p in env.get('PYTHONPATH', '').split(os.pathsep)
        if p and 'train_guard' not in p
    )
    proc = subprocess.run(
        [
            sys.executable,
            '-m',
            'pytest',
            '-p',
            'no:cacheprovider',
            '-p',
            'no:xdist',
            '-rA',
            '-o',
            'markers=e2e\nslow',
            str(cases),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = proc.stdout
    assert proc.returncode == 1, out[-4000:]
    for name in ('unmarked_here', 'unmarked_subprocess'):
        assert f'ERROR cases/test_cases.py::test_{name}' in out, out[-4000:]
    assert 'marked neither e2e nor slow' in out
    for name in ('marked_here', 'marked_subprocess', 'no_training'):
        assert f'PASSED cases/test_cases.py::test_{name}' in out, out[-4000:]
    assert 'ERROR cases/test_cases.py::test_marked' not in out
    assert 'ERROR cases/test_cases.py::test_no_training' not in out


@pytest.mark.parametrize('marker', ['e2e', 'slow'])
def test_markers_are_declared(marker):
    import tomllib

    with open(os.path.join(ROOT, 'pyproject.toml'), 'rb') as f:
        markers = tomllib.load(f)['tool']['pytest']['ini_options']['markers']
    assert any(m.startswith(f'{marker}:') for m in markers)
