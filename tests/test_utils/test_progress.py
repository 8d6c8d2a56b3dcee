"""mmir.utils.progress: the items unchanged, a bar on stderr unless
MMIR_PROGRESS=0."""

from mmir.utils.progress import progress


def test_bar_on_stderr_with_the_items_unchanged(capsys, monkeypatch):
    monkeypatch.delenv('MMIR_PROGRESS', raising=False)
    assert list(progress(range(3), 'pairs-of-images')) == [0, 1, 2]
    assert 'pairs-of-images' in capsys.readouterr().err
    # an iterator without len(): total unknown, items still all there
    assert list(progress(iter('ab'), 'no-len', unit='img')) == ['a', 'b']
    assert 'no-len' in capsys.readouterr().err


def test_turned_off_prints_nothing(capsys, monkeypatch):
    monkeypatch.setenv('MMIR_PROGRESS', '0')
    assert list(progress(range(3), 'quiet', total=3)) == [0, 1, 2]
    out = capsys.readouterr()
    assert out.err == '' and out.out == ''
