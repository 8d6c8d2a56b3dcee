"""mmir as a plain (non-editable) install: the wheel's dependencies and
extras are requirements/*.txt, its console commands run outside the
repository (no tools/ folder)."""

import glob
import os.path as osp
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

COMMANDS = ('mmir-train', 'mmir-test', 'mmir-grid', 'mmir-kfold', 'mmir-plot')


def _requirements(name):
    with open(osp.join(ROOT, 'requirements', name)) as f:
        return [
            line.split('#')[0].strip()
            for line in f
            if line.split('#')[0].strip()
        ]


@pytest.fixture(scope='module')
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp('wheel')
    subprocess.run(
        [
            sys.executable,
            '-m',
            'pip',
            'wheel',
            '-q',
            '--no-deps',
            '--no-build-isolation',
            ROOT,
            '-w',
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return glob.glob(str(out / 'mmir-*.whl'))[0]


def test_runtime_txt_is_the_union_of_the_parts():
    parts = [line[3:] for line in _requirements('runtime.txt')]
    assert all(p.endswith('.txt') for p in parts)
    assert set(parts) == {
        'core.txt',
        'det.txt',
        'seg.txt',
        'cls.txt',
        'deploy.txt',
        'cluster.txt',
        'mim.txt',
    }


def test_wheel_metadata_comes_from_the_requirement_files(wheel):
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith('METADATA'))
        lines = z.read(meta).decode().splitlines()
        entry = next(n for n in z.namelist() if n.endswith('entry_points.txt'))
        entry_points = z.read(entry).decode()
    core = [
        line.split(':', 1)[1].strip()
        for line in lines
        if line.startswith('Requires-Dist') and 'extra ==' not in line
    ]
    names = [r.split('=')[0].split('<')[0].split('>')[0] for r in core]
    assert names == [
        r.split('=')[0].split('<')[0].split('>')[0]
        for r in _requirements('core.txt')
    ]
    for extra in ('det', 'seg', 'cls', 'deploy', 'cluster'):
        got = [
            line.split(':', 1)[1].split(';')[0].strip().replace(' ', '')
            for line in lines
            if line.endswith(f'extra == "{extra}"')
        ]
        assert len(got) == len(_requirements(f'{extra}.txt')) > 0, extra
    for command in COMMANDS:
        assert command in entry_points


def test_commands_run_from_a_plain_install(wheel, tmp_path):
    target = tmp_path / 'site'
    subprocess.run(
        [
            sys.executable,
            '-m',
            'pip',
            'install',
            '-q',
            '--no-deps',
            '--target',
            str(target),
            wheel,
        ],
        check=True,
        capture_output=True,
    )
    # the checkout's editable finder would win over the installed copy
    script = (
        'import runpy, sys\n'
        "sys.meta_path = [f for f in sys.meta_path if 'editable' not in "
        "getattr(f, '__module__', '')]\n"
        f'sys.path.insert(0, {str(target)!r})\n'
        'import mmir\n'
        f'assert mmir.__file__.startswith({str(target)!r}), mmir.__file__\n'
        'command = sys.argv[1]\n'
        'sys.argv = [command, "--help"]\n'
        f'runpy.run_path({str(target / "bin")!r} + "/" + command, '
        'run_name="__main__")\n'
    )
    for command in COMMANDS:
        proc = subprocess.run(
            [sys.executable, '-c', script, command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert 'usage:' in proc.stdout, command


def test_wheel_carries_the_package_version(wheel):
    """pyproject.toml reads the version from mmir/version.py."""
    from mmir.version import __version__

    assert osp.basename(wheel).startswith(f'mmir-{__version__}-')
