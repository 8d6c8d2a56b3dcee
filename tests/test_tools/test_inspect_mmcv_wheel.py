"""tools/misc/inspect_mmcv_wheel.py: device code, kernels and linked
libraries of a compiled library, read without importing it."""

import glob
import importlib.util
import os.path as osp
import struct
import zipfile

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location(
    'inspect_mmcv_wheel', f'{ROOT}/tools/misc/inspect_mmcv_wheel.py'
)
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def _entry(kind, sm, payload):
    header = struct.pack('<HHIQ', kind, 0x101, 64, len(payload))
    header += b'\0' * 12 + struct.pack('<I', sm)
    return header + b'\0' * (64 - len(header)) + payload


def test_fatbin_entries_of_two_containers():
    entries = _entry(2, 90, b'x' * 24) + _entry(1, 90, b'y' * 8)
    first = struct.pack('<IHHQ', 0xBA55ED50, 1, 16, len(entries)) + entries
    second_entries = _entry(2, 86, b'z' * 16)
    second = struct.pack('<IHHQ', 0xBA55ED50, 1, 16, len(second_entries))
    blob = first + b'\0' * 8 + second + second_entries
    assert tool.fatbin_entries(blob) == [
        ('cubin', 'sm_90'),
        ('ptx', 'sm_90'),
        ('cubin', 'sm_86'),
    ]
    assert tool.fatbin_entries(b'\0' * 64) == []


def test_the_installed_cpu_mmcv_has_no_device_code(tmp_path, capsys):
    import mmcv

    ext = glob.glob(osp.join(osp.dirname(mmcv.__file__), '_ext*.so'))[0]
    info = tool.inspect(ext)
    assert info['device_code'] == [] and info['kernels'] == []
    assert any('torch' in lib for lib in info['needed'])
    # the same through a wheel, and the exit code a CPU build gets
    wheel = tmp_path / 'mmcv-2.1.0-cp311-cp311-linux_x86_64.whl'
    with zipfile.ZipFile(wheel, 'w') as z:
        z.write(ext, 'mmcv/' + osp.basename(ext))
    assert tool.main([str(wheel)]) == 1
    assert 'CPU-only build' in capsys.readouterr().err
    empty = tmp_path / 'mmcv-lite.whl'
    with zipfile.ZipFile(empty, 'w') as z:
        z.writestr('mmcv/__init__.py', '')
    assert tool.main([str(empty)]) == 2


def test_device_code_of_a_real_cuda_library():
    """One of torch's NVIDIA libraries (present with PyPI's torch)."""
    import torch

    libs = glob.glob(
        osp.join(
            osp.dirname(osp.dirname(torch.__file__)),
            'nvidia',
            'cu*',
            'lib',
            'libcufftw.so*',
        )
    )
    if not libs:
        pytest.skip('no CUDA libraries of torch installed')
    info = tool.inspect(libs[0])
    assert info['cubins'] >= 1
    assert all(k in ('cubin', 'ptx') for k, _ in info['device_code'])
    assert all(sm.startswith('sm_') for _, sm in info['device_code'])
