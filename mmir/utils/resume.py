"""Per-item results of a long loop, appended to a JSON-lines file as each
item finishes, so a killed run can skip what it had done."""

from __future__ import annotations

import json
import os
import os.path as osp
from typing import Any

from .fileio import write_text_atomic

__all__ = ['RecordCache']


class RecordCache:
    """``path`` holds a header line (the run's ``manifest``) and one line
    per finished item ``{"idx": i, "record": ...}``. A file started with
    another manifest is discarded, and a last line cut by a kill is
    dropped; ``done`` maps item index to record.

    Args:
        path (str | None): the cache file; None disables caching.
        manifest (dict): what the records depend on (settings, inputs).
    """

    def __init__(self, path: str | None, manifest: dict) -> None:
        self.path, self.done = path, {}
        if not path:
            return
        lines = []
        if osp.isfile(path):
            with open(path, encoding='utf-8') as f:
                lines = f.readlines()
        good = []
        for k, line in enumerate(lines):
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                break
            if k == 0:
                if item != {'manifest': manifest}:
                    break
            else:
                self.done[item['idx']] = item['record']
            good.append(line)
        if not good:
            good = [json.dumps({'manifest': manifest}) + '\n']
            self.done = {}
        write_text_atomic(path, ''.join(good))

    def append(self, idx: int, record: Any) -> None:
        """Record item ``idx`` as finished."""
        if self.path:
            with open(self.path, 'a', encoding='utf-8') as f:
                f.write(json.dumps({'idx': idx, 'record': record}) + '\n')

    def remove(self) -> None:
        """Delete the file (the run it served is complete)."""
        if self.path and osp.isfile(self.path):
            os.remove(self.path)
