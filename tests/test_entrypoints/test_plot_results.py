"""mmir.entrypoints.plot_results (tools/analysis_tools/plot_results.py):
exit 2 with one line for a missing or empty folder, else the PNG paths."""

import json

from conftest import write_fake_run

from mmir.entrypoints.plot_results import main


def test_missing_and_empty_folders_exit_2(tmp_path, capsys):
    assert main([str(tmp_path / 'nope')]) == 2
    assert 'is not a folder' in capsys.readouterr().err
    assert main([str(tmp_path)]) == 2
    assert 'no finished runs (result.json)' in capsys.readouterr().err


def test_prints_what_it_wrote(tmp_path, capsys):
    write_fake_run(tmp_path / 'fold_0')
    (tmp_path / 'fold_0' / 'result.json').write_text(
        json.dumps(dict(status='failed', config=None))
    )
    assert main([str(tmp_path), '--overlays', '0']) == 0
    printed = capsys.readouterr().out.split()
    assert printed and all(p.endswith('.png') for p in printed)
    assert all((tmp_path / 'plots').joinpath(p).is_file() for p in printed)
