"""RecordCache: what a killed loop leaves is reloaded, a line cut by the
kill is dropped, another run's file is discarded."""

import json

from mmir.utils.resume import RecordCache


def test_records_reload_and_a_cut_line_is_dropped(tmp_path):
    path = tmp_path / 'c.jsonl'
    cache = RecordCache(str(path), {'run': 1})
    cache.append(0, {'loss': 0.5})
    cache.append(2, [1.25, 3])
    with open(path, 'a') as f:
        f.write('{"idx": 3, "rec')  # the kill came mid-write
    again = RecordCache(str(path), {'run': 1})
    assert again.done == {0: {'loss': 0.5}, 2: [1.25, 3]}
    assert len(path.read_text().splitlines()) == 3  # header + 2, no cut
    again.append(3, 'x')
    assert RecordCache(str(path), {'run': 1}).done[3] == 'x'
    again.remove()
    assert not path.exists()


def test_another_runs_file_is_discarded(tmp_path):
    path = tmp_path / 'c.jsonl'
    RecordCache(str(path), {'run': 1}).append(0, 'old')
    cache = RecordCache(str(path), {'run': 2})
    assert cache.done == {}
    assert json.loads(path.read_text().splitlines()[0]) == {
        'manifest': {'run': 2}
    }


def test_no_path_disables_it(tmp_path):
    cache = RecordCache(None, {})
    cache.append(0, 'x')
    cache.remove()
    assert cache.done == {} and list(tmp_path.iterdir()) == []
