"""The benchmark scripts of tools/analysis_tools run at toy sizes and print
ours-vs-stock rows with a positive ratio from interleaved timing."""

import math
import re

import pytest
from conftest import run_tool

A = 'tools/analysis_tools'


def _ratio(stdout, label):
    """The last number on the line starting with ``label``."""
    for line in stdout.splitlines():
        if line.strip().startswith(label):
            value = float(re.findall(r'[-+]?\d+\.\d+', line)[-1])
            assert math.isfinite(value) and value > 0, line
            return value
    raise AssertionError(f'no line {label!r} in:\n{stdout}')


@pytest.mark.parametrize(
    'script, args, labels',
    [
        (
            'benchmark_abmil.py',
            ['--repeats', '2', '--batch', '1', '--images', '4'],
            ['train step (s)', 'parameters (M)'],
        ),
        (
            'benchmark_mrife.py',
            ['--depth', '18', '--size', '64', '--batch', '2'],
            ['train step (s)', 'inference (s)', 'parameters (M)'],
        ),
        (
            'benchmark_bnsa.py',
            ['--repeats', '1', '--batch', '1', '--size', '320', '256'],
            [
                'train step fwd+bwd (s)',
                'inference, 1 image (s)',
                'FocalIoULoss(SIoU) vs SIoULoss',
                'BCE+Dice+Lovasz vs mask BCE',
            ],
        ),
        (
            'benchmark_dim_target.py',
            '--repeats 1 --batch 2 --full-batch 1 --epoch-samples 10'.split(),
            ['dim-target darknet19', 'dim-target mobilenet', '16x16', '80x80'],
        ),
        (
            'benchmark_smote_svm.py',
            (
                '--num-images 12 --sizes 32 --ref-pairs 4 --svm-train 60 '
                '--svm-test 40 --dim 16'
            ).split(),
            ['scikit-learn SVC.predict'],
        ),
    ],
)
def test_benchmark_prints_interleaved_ratios(script, args, labels):
    out = run_tool(f'{A}/{script}', *args, '--device', 'cpu').stdout
    for label in labels:
        _ratio(out, label)
    if script == 'benchmark_bnsa.py':  # --size W H
        width, height = args[args.index('--size') + 1 :][:2]
        assert f'x {width}x{height},' in out.splitlines()[0], out


def test_abmil_benchmark_takes_the_papers_convnext(monkeypatch):
    """--model convnext-base builds the paper's ConvNeXt-B + ABMIL (the GPU
    check's setting) with both necks."""
    import importlib.util

    from mmengine.registry import init_default_scope

    spec = importlib.util.spec_from_file_location(
        'benchmark_abmil', f'{A}/benchmark_abmil.py'
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    init_default_scope('mmpretrain')
    abmil = mod._model('convnext-base', 'abmil', 'cpu')
    gap = mod._model('convnext-base', 'gap', 'cpu')
    assert type(abmil.backbone).__name__ == 'ConvNeXt'
    assert type(abmil.neck).__name__ == 'ABMILPooling'
    assert type(gap.neck).__name__ == 'GlobalAveragePooling'
    n_abmil = sum(p.numel() for p in abmil.parameters())
    n_gap = sum(p.numel() for p in gap.parameters())
    # the attention MLP of eq. 2 (1024 -> 128, gated) is all that differs
    assert n_abmil - n_gap == 2 * (1024 * 128 + 128) + 128
