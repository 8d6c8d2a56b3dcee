"""python -m mmir.utils.check_env: passes on this install; on a machine
with a GPU and a CPU-only mmcv it fails loudly and says the fix."""

import mmcv.ops
import pytest
import torch

from mmir.utils import check_env


def test_this_install_passes(capsys):
    check_env.main()
    out = capsys.readouterr().out
    assert '  ok  mmcv compiled ops' in out and '  ok  GPU ops' in out


def test_gpu_visible_with_cpu_only_ops_fails_with_the_fix(monkeypatch, capsys):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    monkeypatch.setattr(
        mmcv.ops, 'get_compiling_cuda_version', lambda: 'not available'
    )
    with pytest.raises(SystemExit) as err:
        check_env.main()
    assert err.value.code == 1
    stderr = capsys.readouterr().err
    assert 'BROKEN INSTALLATION' in stderr
    assert check_env.GPU_WITH_CPU_OPS in stderr
    assert 'Fix: `bash tools/install.sh`' in stderr
