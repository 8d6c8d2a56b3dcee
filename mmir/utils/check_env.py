"""Check that the installed stack works: ``python -m mmir.utils.check_env``.

Exits non-zero with a message naming what is broken (e.g. a torchvision
that cannot run its ops, an mmcv built without its compiled ops).
"""

import sys


def _check(name, func):
    try:
        info = func()
    except Exception as err:  # report every failure, not just the first
        return f'{name}: {type(err).__name__}: {err}'
    print(f'  ok  {name}{": " + info if info else ""}')
    return None


def _torchvision() -> str:
    import torch
    import torchvision

    keep = torchvision.ops.nms(
        torch.tensor([[0.0, 0, 10, 10], [1, 1, 10, 10]]),
        torch.tensor([0.9, 0.8]),
        0.5,
    )
    assert keep.tolist() == [0], keep
    return f'torch {torch.__version__}, torchvision {torchvision.__version__}'


def _mmcv_ops() -> str:
    import mmcv
    import torch
    from mmcv.ops import RoIAlign, nms

    boxes = torch.tensor([[0.0, 0, 10, 10], [1, 1, 10, 10]])
    _, keep = nms(boxes, torch.tensor([0.9, 0.8]), 0.5)
    assert keep.tolist() == [0], keep
    out = RoIAlign((2, 2), 1.0, 0)(
        torch.ones(1, 1, 8, 8), torch.tensor([[0.0, 0, 0, 4, 4]])
    )
    assert out.shape == (1, 1, 2, 2)
    return f'mmcv {mmcv.__version__} with compiled ops'


GPU_WITH_CPU_OPS = (
    'a GPU is visible but mmcv was built without CUDA ops: the first '
    'RoIAlign/NMS on the GPU (Mask R-CNN) fails'
)


def _gpu_ops() -> str:
    """With a visible GPU, mmcv's ops are CUDA builds and run on it."""
    import torch

    if not torch.cuda.is_available():
        return 'no GPU visible (the CPU ops suffice)'
    from mmcv.ops import RoIAlign, get_compiling_cuda_version, nms

    built = get_compiling_cuda_version()
    if built in ('not available', '', None):
        raise RuntimeError(GPU_WITH_CPU_OPS)
    boxes = torch.tensor([[0.0, 0, 10, 10], [1, 1, 10, 10]], device='cuda')
    _, keep = nms(boxes, torch.tensor([0.9, 0.8], device='cuda'), 0.5)
    assert keep.tolist() == [0], keep
    RoIAlign((2, 2), 1.0, 0)(
        torch.ones(1, 1, 8, 8, device='cuda'),
        torch.tensor([[0.0, 0, 0, 4, 4]], device='cuda'),
    )
    names = sorted(
        {
            torch.cuda.get_device_name(i)
            for i in range(torch.cuda.device_count())
        }
    )
    return (
        f'{torch.cuda.device_count()} GPU(s) ({", ".join(names)}), mmcv ops '
        f'built with CUDA {built}, torch CUDA {torch.version.cuda}'
    )


def _toolboxes() -> str:
    import mmdet
    import mmengine
    import mmpretrain
    import mmpretrain.models  # noqa: F401  (breaks if transformers is there)
    import mmseg

    return (
        f'mmengine {mmengine.__version__}, mmdet {mmdet.__version__}, '
        f'mmseg {mmseg.__version__}, mmpretrain {mmpretrain.__version__}'
    )


def _mmir() -> str:
    import mmir
    import mmir.cls  # noqa: F401
    import mmir.det  # noqa: F401
    import mmir.seg  # noqa: F401

    return f'mmir {mmir.__version__}'


def main() -> None:
    print('mmir environment check')
    errors = [
        e
        for e in (
            _check('torchvision ops', _torchvision),
            _check('mmcv compiled ops', _mmcv_ops),
            _check('GPU ops', _gpu_ops),
            _check('OpenMMLab toolboxes', _toolboxes),
            _check('mmir plugin', _mmir),
        )
        if e
    ]
    if errors:
        print('\nBROKEN INSTALLATION:', file=sys.stderr)
        for e in errors:
            print(f'  {e}', file=sys.stderr)
        if any('torchvision' in e for e in errors):
            print(
                '  torchvision fails with a CPU-only torch wheel '
                '(torch-*+cpu); reinstall with `torch===2.13.0` from '
                'PyPI (tools/install.sh does).',
                file=sys.stderr,
            )
        if any('_ext' in e for e in errors):
            print(
                '  mmcv was built without its ops; rebuild it with '
                'MMCV_WITH_OPS=1 --no-build-isolation (delete the cached '
                'wheel in ~/.cache/mmir/wheelhouse and run make install).',
                file=sys.stderr,
            )
        if any(GPU_WITH_CPU_OPS in e for e in errors):
            print(
                '  Fix: `bash tools/install.sh` (it sees the GPU and builds '
                'mmcv with CUDA ops once, nvcc from PyPI if the machine has '
                'none; `python tools/misc/cuda_plan.py --explain` says how).',
                file=sys.stderr,
            )
        sys.exit(1)


if __name__ == '__main__':
    main()
