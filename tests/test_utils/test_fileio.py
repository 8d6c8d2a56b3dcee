"""The atomic writers with a full, read-only or forbidden output location:
one OutputDirError naming the output, nothing half-written, what was there
before kept. (These machines run as root, for whom chmod does not make a
folder read-only, so the file system's answer is simulated where it would
come: creating the temporary file/folder, or writing into it.)"""

import errno
import tempfile
from pathlib import Path

import pytest
from conftest import run_tool

from mmir.utils.fileio import (
    OutputDirError,
    atomic_output_dir,
    write_text_atomic,
)


def _raise(code):
    def fail(*args, **kwargs):
        raise OSError(code, 'simulated')

    return fail


@pytest.mark.parametrize(
    'code,text',
    [
        (errno.EROFS, 'read-only file system'),
        (errno.EACCES, 'permission denied'),
        (errno.ENOSPC, 'no space left'),
    ],
)
def test_atomic_file_in_a_folder_that_cannot_be_written(
    tmp_path, monkeypatch, code, text
):
    out = tmp_path / 'table.md'
    out.write_text('the old table')
    monkeypatch.setattr(tempfile, 'mkstemp', _raise(code))
    with pytest.raises(OutputDirError, match=f'cannot write {out}: {text}'):
        write_text_atomic(str(out), 'new')
    assert out.read_text() == 'the old table'


def test_disk_full_while_writing_leaves_nothing(tmp_path):
    out = tmp_path / 'out'
    with pytest.raises(OutputDirError, match='no space left on the device'):
        with atomic_output_dir(str(out), {'v': 1}) as tmp:
            with open(f'{tmp}/half-written.npy', 'w') as f:
                f.write('x')
            raise OSError(errno.ENOSPC, 'No space left on device')
    assert list(tmp_path.iterdir()) == []  # no out/, no temporary folder


def test_other_errors_pass_through(tmp_path):
    with pytest.raises(KeyError):
        with atomic_output_dir(str(tmp_path / 'out'), {'v': 1}):
            raise KeyError('a bug, not the disk')
    assert list(tmp_path.iterdir()) == []


def test_a_converter_on_a_read_only_data_root(tmp_path):
    """tools/dataset_converters/legbreaker.py writes mmir_ann/ into the data
    root: on a read-only one, one line naming it, exit 2, root unchanged.
    (A fresh set: the session's shared one may hold mmir_ann/ already.)"""
    from mmir.datasets.synthetic import generate

    root = tmp_path / 'landmine'
    generate('landmine', str(root))
    before = sorted(p.relative_to(root) for p in root.rglob('*'))
    code = (
        'import errno, os, runpy, sys, tempfile\n'
        'def ro(*a, **k):\n'
        '    raise OSError(errno.EROFS, "Read-only file system")\n'
        'tempfile.mkdtemp = tempfile.mkstemp = ro\n'
        f'sys.argv = ["legbreaker.py", {str(root)!r}]\n'
        'runpy.run_path("tools/dataset_converters/legbreaker.py", '
        'run_name="__main__")\n'
    )
    proc = run_tool('-c', code, check=False)
    assert proc.returncode == 2, proc.stderr[-2000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last == (
        f'error: cannot write {root / "mmir_ann"}: read-only file system; '
        'nothing was left half-written there'
    )
    assert sorted(p.relative_to(root) for p in root.rglob('*')) == before


def test_a_resumed_folder_loses_a_kills_half_written_files(tmp_path):
    """What atomic_file was writing when the process died is removed when
    the run resumes; finished files stay and reach the output."""
    from mmir.utils.fileio import atomic_file

    out = tmp_path / 'out'
    with pytest.raises(KeyboardInterrupt):
        with atomic_output_dir(str(out), {'v': 1}, resumable=True) as tmp:
            with atomic_file(f'{tmp}/done.png') as part:
                open(part, 'w').write('done')
            with atomic_file(f'{tmp}/cut.png') as part:
                open(part, 'w').write('ha')
                raise KeyboardInterrupt  # a kill would not even clean up
    partial = tmp_path / '.out.partial'
    open(partial / '.cut.png.part-x1y2.png', 'w').write('half')  # as a kill
    with atomic_output_dir(str(out), {'v': 1}, resumable=True) as tmp:
        assert sorted(p.name for p in Path(tmp).iterdir()) == [
            '.mmir_partial.json',
            'done.png',
        ]
    assert sorted(p.name for p in out.iterdir()) == [
        'done.png',
        'mmir_manifest.json',
    ]


@pytest.mark.parametrize('umask', [0o022, 0o077])
def test_outputs_get_the_umask_mode_not_tempfile_owner_only(tmp_path, umask):
    """tempfile makes its files 0600 and folders 0700; an output written
    atomically must end with the mode a plain open()/makedirs gives, so
    a teammate (or a job under another account) can read a converted
    dataset."""
    import os

    old = os.umask(umask)
    try:
        write_text_atomic(str(tmp_path / 'a.txt'), 'x')
        with atomic_output_dir(str(tmp_path / 'out'), dict(v=1)) as tmp:
            Path(tmp, 'b.txt').write_text('y')
        plain = tmp_path / 'plain.txt'
        plain.write_text('z')
        (tmp_path / 'plain_dir').mkdir()
    finally:
        os.umask(old)

    def mode(p):
        return p.stat().st_mode & 0o777

    assert mode(tmp_path / 'a.txt') == mode(plain) == 0o666 & ~umask
    assert mode(tmp_path / 'out') == mode(tmp_path / 'plain_dir')
    assert mode(tmp_path / 'out') == 0o777 & ~umask
    assert mode(tmp_path / 'out' / 'mmir_manifest.json') == 0o666 & ~umask
