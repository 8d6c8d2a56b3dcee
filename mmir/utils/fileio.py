"""Small file helpers: outputs are written to a temporary file in the same
folder and moved into place, so a reader never sees half a file."""

import contextlib
import errno
import json
import os
import os.path as osp
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

__all__ = [
    'atomic_file',
    'write_text_atomic',
    'write_json_atomic',
    'read_json',
    'atomic_output_dir',
    'OutputDirError',
]


# errors of the output location rather than of the program
_WRITE_ERRNOS = {
    errno.EACCES: 'permission denied',
    errno.EPERM: 'permission denied',
    errno.EROFS: 'read-only file system',
    errno.ENOSPC: 'no space left on the device',
    errno.EDQUOT: 'disk quota exceeded',
}


def _write_error(err: BaseException, where: str) -> BaseException:
    """An :class:`OutputDirError` for a full, read-only or forbidden output
    location (one line naming it), else ``err`` itself."""
    if isinstance(err, OSError) and err.errno in _WRITE_ERRNOS:
        return OutputDirError(
            f'cannot write {where}: {_WRITE_ERRNOS[err.errno]}; nothing '
            'was left half-written there'
        )
    return err


# in the names of atomic_file's temporaries: a kill can leave them behind
PART_MARK = '.part-'


def _with_default_mode(path: str) -> None:
    """Give ``path``, made owner-only by :mod:`tempfile`, the mode a file
    (0o666) or folder (0o777) created the usual way gets under the
    process umask, so that outputs are as readable as any other file."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, (0o777 if osp.isdir(path) else 0o666) & ~mask)


@contextlib.contextmanager
def atomic_file(path: str) -> Iterator[str]:
    """Yield a temporary path next to ``path`` (same extension, so writers
    that go by it, e.g. ``savefig``, still work) and move it to ``path``
    when the block ends without error; on error it is removed (a full or
    read-only folder is an :class:`OutputDirError` naming ``path``)."""
    folder = osp.dirname(osp.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f'.{osp.basename(path)}{PART_MARK}',
            suffix=osp.splitext(path)[1],
            dir=folder,
        )
        os.close(fd)
        _with_default_mode(tmp)
    except OSError as err:
        raise _write_error(err, path) from None
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException as err:
        if osp.exists(tmp):
            os.remove(tmp)
        converted = _write_error(err, path)
        if converted is err:
            raise
        raise converted from None


def write_text_atomic(path: str, text: str) -> None:
    with atomic_file(path) as tmp:
        with open(tmp, 'w', newline='') as f:
            f.write(text)


def write_json_atomic(obj: Any, path: str, indent: int = 2) -> None:
    write_text_atomic(path, json.dumps(obj, indent=indent))


def read_json(path: str) -> Any:
    """The JSON content of ``path``, or None when it does not exist."""
    if not osp.isfile(path):
        return None
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        from mmir.utils.config_check import DataError

        raise DataError(
            f'{path}: not valid JSON (truncated or not a JSON file?): {err}'
        ) from None


class OutputDirError(RuntimeError):
    """An output folder cannot be written as asked."""


PARTIAL_MANIFEST = '.mmir_partial.json'


def _holds_work(folder: str) -> bool:
    """Whether a partial folder holds any output file (worth resuming)."""
    return any(
        name != PARTIAL_MANIFEST
        for _, _, files in os.walk(folder)
        for name in files
    )


def _partial_dir(out_dir: str, manifest: dict) -> str:
    """``.<name>.partial`` next to ``out_dir``: reused when it was started
    with ``manifest``, emptied otherwise."""
    tmp = osp.join(osp.dirname(out_dir), f'.{osp.basename(out_dir)}.partial')
    if (
        osp.isdir(tmp)
        and read_json(osp.join(tmp, PARTIAL_MANIFEST)) != manifest
    ):
        shutil.rmtree(tmp)
    for folder, _, files in os.walk(tmp):  # a kill's half-written files
        for name in files:
            if name.startswith('.') and PART_MARK in name:
                os.remove(osp.join(folder, name))
    os.makedirs(tmp, exist_ok=True)
    write_json_atomic(manifest, osp.join(tmp, PARTIAL_MANIFEST))
    return tmp


@contextlib.contextmanager
def atomic_output_dir(
    out_dir: str,
    manifest: dict,
    overwrite: bool = False,
    manifest_name: str = 'mmir_manifest.json',
    error: type[Exception] = OutputDirError,
    resumable: bool = False,
) -> Iterator[str | None]:
    """Write a folder of outputs into a temporary sibling folder and move it
    into place only when complete, so an interrupted run never leaves half
    of it.

    Yields the temporary folder, or ``None`` when ``out_dir`` already holds
    outputs made with the same ``manifest`` (nothing to do). An existing
    ``out_dir`` with different content is never replaced unless
    ``overwrite=True``; ``manifest`` is saved as ``manifest_name``.

    ``resumable=True``: the temporary folder is ``.<name>.partial`` next to
    ``out_dir`` and is kept when the block fails or the process is killed;
    the next call with the same ``manifest`` yields it again with what was
    done (the block skips that), one with another manifest starts afresh.
    """
    out_dir = osp.abspath(out_dir)
    if osp.exists(out_dir):
        if read_json(osp.join(out_dir, manifest_name)) == manifest:
            yield None
            return
        if not overwrite:
            raise error(
                f'{out_dir} exists and was not made with these settings '
                f'(compare its {manifest_name}); choose another output '
                'folder or pass --overwrite to replace it'
            )
    parent = osp.dirname(out_dir)
    try:
        os.makedirs(parent, exist_ok=True)
        if resumable:
            tmp = _partial_dir(out_dir, manifest)
        else:
            tmp = tempfile.mkdtemp(
                prefix=f'.{osp.basename(out_dir)}.tmp-', dir=parent
            )
            _with_default_mode(tmp)
    except OSError as err:
        raise _write_error(err, out_dir) from None
    try:
        yield tmp
        if resumable:
            os.remove(osp.join(tmp, PARTIAL_MANIFEST))
        write_json_atomic(manifest, osp.join(tmp, manifest_name))
        if osp.exists(out_dir):
            old = tempfile.mkdtemp(
                prefix=f'.{osp.basename(out_dir)}.old-', dir=parent
            )
            os.rename(out_dir, osp.join(old, 'data'))
            os.rename(tmp, out_dir)
            shutil.rmtree(old)
        else:
            os.rename(tmp, out_dir)
    except BaseException as err:
        if not resumable or not _holds_work(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
        converted = _write_error(err, out_dir)
        if converted is err:
            raise
        raise converted from None
