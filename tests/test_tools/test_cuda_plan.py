"""tools/misc/cuda_plan.py: which mmcv flavour, nvcc and GPU architectures
tools/install.sh builds with, for given (mocked) machines."""

import importlib.util

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location(
    'cuda_plan', f'{ROOT}/tools/misc/cuda_plan.py'
)
cuda_plan = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cuda_plan)
PlanError = cuda_plan.PlanError

H200, A100, RTX3090 = (9, 0), (8, 0), (8, 6)
SYSTEM_13 = ('/usr/local/cuda-13.0', '13.0')
SYSTEM_12 = ('/usr/local/cuda-12.4', '12.4')


def plan(env=None, gpus=(), torch_cuda='13.0', nvcc=None, runtime='13.0.96'):
    return cuda_plan.make_plan(
        env or {}, list(gpus), torch_cuda, nvcc, runtime
    )


def test_cpu_without_gpu_or_when_asked():
    assert plan()['flavour'] == 'cpu' and plan()['wheel_tag'] == 'cpu'
    assert plan(torch_cuda=None)['flavour'] == 'cpu'
    asked = plan({'FORCE_CUDA': '0'}, gpus=[H200], nvcc=SYSTEM_13)
    assert asked['flavour'] == 'cpu' and asked['reason'] == 'FORCE_CUDA=0'


def test_gpu_with_pip_torch_and_no_toolkit_gets_pip_nvcc():
    """The common case the issue names: pip's torch, no CUDA toolkit."""
    p = plan(gpus=[H200])
    assert p['flavour'] == 'cuda' and p['nvcc'] == 'pip'
    assert p['arch_list'] == '9.0' and p['wheel_tag'] == 'cuda13.0-sm90'
    pins = p['pip_pins'].split()
    assert 'nvidia-cuda-runtime==13.0.96' in pins  # exactly torch's runtime
    for wheel in cuda_plan.NVCC_WHEELS:
        assert f'{wheel}==13.0.*' in pins  # never an unpinned 13.5


def test_a_matching_system_toolkit_is_used():
    p = plan(gpus=[H200], nvcc=SYSTEM_13)
    assert p['nvcc'] == 'system' and p['cuda_home'] == SYSTEM_13[0]
    assert p['pip_pins'] == ''
    # a toolkit of another release than torch's is not
    assert plan(gpus=[H200], nvcc=SYSTEM_12)['nvcc'] == 'pip'
    assert plan({'MMIR_NVCC': 'pip'}, [H200], nvcc=SYSTEM_13)['nvcc'] == 'pip'
    with pytest.raises(PlanError, match='needs a CUDA 13.0 toolkit'):
        plan({'MMIR_NVCC': 'system'}, [H200], nvcc=SYSTEM_12)


def test_architectures_of_the_visible_gpus_or_the_override():
    p = plan(gpus=[H200, RTX3090, H200])
    assert p['arch_list'] == '8.6;9.0' and p['wheel_tag'].endswith('sm86_90')
    env = {'TORCH_CUDA_ARCH_LIST': '8.0 9.0+PTX'}
    p = plan(env, gpus=[A100])
    assert p['arch_list'] == '8.0;9.0+PTX'
    assert p['wheel_tag'] == 'cuda13.0-sm80_90ptx'
    with pytest.raises(PlanError, match='not architectures'):
        plan({'TORCH_CUDA_ARCH_LIST': 'hopper'}, gpus=[H200])


def test_forced_cuda_without_gpu_must_name_the_architectures():
    with pytest.raises(PlanError, match='set TORCH_CUDA_ARCH_LIST'):
        plan({'FORCE_CUDA': '1'})
    p = plan({'FORCE_CUDA': '1', 'TORCH_CUDA_ARCH_LIST': '9.0'})
    assert p['flavour'] == 'cuda' and p['reason'] == 'FORCE_CUDA=1'


def test_impossible_cuda_builds_say_what_to_do():
    with pytest.raises(PlanError, match='CPU-only build'):
        plan(gpus=[H200], torch_cuda=None)
    # CUDA 12 torch: the PyPI compiler layout is CUDA 13's
    with pytest.raises(PlanError, match='install the CUDA 12.8 toolkit'):
        plan(gpus=[H200], torch_cuda='12.8', runtime='12.8.90')
    assert plan(gpus=[H200], torch_cuda='12.4', nvcc=SYSTEM_12)['nvcc'] == (
        'system'
    )
    with pytest.raises(PlanError, match='MMIR_NVCC'):
        plan({'MMIR_NVCC': 'conda'}, gpus=[H200])


def test_runtime_of_another_release_is_not_pinned_exactly():
    p = plan(gpus=[H200], runtime='13.5.37')
    assert 'nvidia-cuda-runtime==13.0.*' in p['pip_pins'].split()


def test_wheel_cache_differs_per_flavour_and_architecture():
    tags = {
        plan()['wheel_tag'],
        plan(gpus=[H200])['wheel_tag'],
        plan(gpus=[A100])['wheel_tag'],
        plan(gpus=[A100], torch_cuda='13.1', runtime='13.1.80')['wheel_tag'],
    }
    assert len(tags) == 4


def test_shell_output_is_eval_ready(monkeypatch, capsys):
    monkeypatch.setattr(
        cuda_plan,
        'machine_facts',
        lambda: dict(
            capabilities=[H200],
            torch_cuda='13.0',
            system_nvcc=None,
            runtime_version='13.0.96',
        ),
    )
    monkeypatch.delenv('FORCE_CUDA', raising=False)
    monkeypatch.delenv('TORCH_CUDA_ARCH_LIST', raising=False)
    monkeypatch.delenv('MMIR_NVCC', raising=False)
    assert cuda_plan.main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 'plan_flavour=cuda' in lines and 'plan_arch_list=9.0' in lines
    assert any(
        line.startswith("plan_pip_pins='nvidia-cuda-nvcc") for line in lines
    )
    monkeypatch.setenv('FORCE_CUDA', '1')
    monkeypatch.setattr(
        cuda_plan,
        'machine_facts',
        lambda: dict(
            capabilities=[],
            torch_cuda='13.0',
            system_nvcc=None,
            runtime_version='13.0.96',
        ),
    )
    assert cuda_plan.main([]) == 2
    assert 'TORCH_CUDA_ARCH_LIST' in capsys.readouterr().err


def test_toolkit_root_of_a_wrapper_script(tmp_path, monkeypatch):
    """An nvcc on PATH that is a wrapper script (not a link) elsewhere: the
    toolkit is the one holding cuda_runtime.h."""
    wrapper = tmp_path / 'bin' / 'nvcc'
    wrapper.parent.mkdir()
    wrapper.write_text('#!/bin/sh\n')
    assert cuda_plan._toolkit_root(str(wrapper)) in (None, '/usr/local/cuda')
    (tmp_path / 'include').mkdir()
    (tmp_path / 'include' / 'cuda_runtime.h').write_text('')
    assert cuda_plan._toolkit_root(str(wrapper)) == str(tmp_path)
