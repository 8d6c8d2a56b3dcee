"""Small file helpers: outputs are written to a temporary file in the same
folder and moved into place, so a reader never sees half a file."""
import json
import os
import os.path as osp
import tempfile

__all__ = ['write_text_atomic', 'write_json_atomic', 'read_json']


def write_text_atomic(path, text):
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f'.{osp.basename(path)}.', dir=folder)
    try:
        with os.fdopen(fd, 'w', newline='') as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if osp.exists(tmp):
            os.remove(tmp)
        raise


def write_json_atomic(obj, path, indent=2):
    write_text_atomic(path, json.dumps(obj, indent=indent))


def read_json(path):
    """The JSON content of ``path``, or None when it does not exist."""
    if not osp.isfile(path):
        return None
    with open(path) as f:
        return json.load(f)
