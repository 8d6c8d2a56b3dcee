"""tools/misc/gpu_check.sh (make gpu-check) on a machine without a GPU:
one clear line, exit 1, nothing installed or written."""

import os
import subprocess

import pytest
import torch
from conftest import ROOT


@pytest.mark.skipif(torch.cuda.is_available(), reason='a GPU is visible')
@pytest.mark.parametrize('args', [[], ['--quick']])
def test_without_a_gpu_it_says_so_and_stops(tmp_path, args):
    out = tmp_path / 'gpu_check'
    proc = subprocess.run(
        ['bash', 'tools/misc/gpu_check.sh', *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, GPU_CHECK_DIR=str(out)),
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith('error: no GPU visible'), proc.stderr
    assert 'nothing was run' in proc.stderr and proc.stdout == ''
    assert not out.exists()


def test_unknown_argument_is_a_usage_error():
    proc = subprocess.run(
        ['bash', 'tools/misc/gpu_check.sh', '--fast'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and 'usage:' in proc.stderr
