"""MMEngine v0.10.7's checkpoint, runner, checkpoint-hook and EMA-hook
tests pass with mmir imported (tests/mmengine_contract, run in their own
process so that their registrations and global state stay there)."""

import os.path as osp
import re

import pytest
from conftest import ROOT, run_tool


@pytest.mark.e2e
def test_mmengine_tests_pass_with_mmir_imported(tmp_path):
    # from a scratch folder: MMEngine's test_load_checkpoint_with_prefix
    # saves model.pth into the working directory
    proc = run_tool(
        '-m',
        'pytest',
        '-q',
        '-p',
        'no:cacheprovider',
        osp.join(ROOT, 'tests/mmengine_contract'),
        env={'MMIR_CONTRACT': '1'},
        check=False,
        cwd=tmp_path,
    )
    assert not osp.exists(osp.join(ROOT, 'model.pth'))
    tail = proc.stdout.strip().splitlines()[-1]
    assert proc.returncode == 0, proc.stdout[-6000:]
    passed = int(re.search(r'(\d+) passed', tail).group(1))
    assert passed >= 57 and 'failed' not in tail, tail
