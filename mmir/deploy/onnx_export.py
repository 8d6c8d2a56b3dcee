"""Export an mmir model to ONNX and check the file with onnxruntime.

The graph is :func:`~mmir.deploy.export_modules.export_module`'s view of
the model: input ``inputs (B, C, H, W)`` float32 (the test pipeline's
output, before normalisation; ``H``, ``W`` fixed at export, the batch
dynamic), outputs named as the view says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn as nn

from mmir.utils.fileio import atomic_file

from .export_modules import NotExportable, export_module, size_divisor

__all__ = ['ExportReport', 'export_onnx', 'onnx_session', 'run_onnx']

OPSET = 17


@dataclass
class ExportReport:
    """What :func:`export_onnx` wrote and how close onnxruntime came."""

    path: str
    input_shape: tuple[int, ...]
    output_names: list[str]
    max_abs_diff: dict[str, float]
    ok: bool = True


def onnx_session(path: str, threads: int | None = None) -> Any:
    """An onnxruntime CPU session of ``path`` (``threads``: intra-op
    threads; default onnxruntime's)."""
    try:
        import onnxruntime as ort
    except ImportError as err:  # pragma: no cover - in requirements
        raise NotExportable(
            'onnxruntime is not installed: pip install onnxruntime'
        ) from err
    options = ort.SessionOptions()
    options.log_severity_level = 3
    if threads:
        options.intra_op_num_threads = threads
    return ort.InferenceSession(
        path, options, providers=['CPUExecutionProvider']
    )


def run_onnx(session: Any, inputs: np.ndarray) -> list[np.ndarray]:
    """The session's outputs for ``inputs`` (B, C, H, W)."""
    return session.run(None, {'inputs': inputs.astype(np.float32)})


class _Mismatch(Exception):
    """An export whose outputs disagree with PyTorch's (not written)."""


def _outputs(module: nn.Module, x: torch.Tensor) -> list[torch.Tensor]:
    with torch.no_grad():
        out = module(x)
    return list(out) if isinstance(out, tuple) else [out]


def export_onnx(
    model: nn.Module,
    out: str,
    input_shape: tuple[int, int, int, int],
    check: bool = True,
    rtol: float = 1e-4,
    seed: int = 0,
) -> ExportReport:
    """Write ``model``'s export view to ``out`` and, with ``check``,
    compare onnxruntime's outputs to PyTorch's on random inputs (uniform in
    [0, 255], the range of the images the pipelines load) of
    ``input_shape`` ``(B, C, H, W)`` and of batch ``B + 1`` (the batch axis
    is dynamic). The file is written (atomically) only when every output
    agrees: ``max |ort - torch| <= rtol * max(1, max |torch|)``; ``ok``
    says so."""
    module = export_module(model)
    b, c, h, w = input_shape
    div = size_divisor(model)
    if h % div or w % div:
        raise NotExportable(
            f'input size {h}x{w} is not a multiple of the data '
            f"preprocessor's size divisor {div}; pad the inputs or choose "
            f'--shape {h + -h % div} {w + -w % div}'
        )
    expected = getattr(module.normalize, 'channels', None)
    if expected is not None and expected != c:
        raise NotExportable(
            f'input has {c} channels, the data preprocessor normalises '
            f'{expected}'
        )
    gen = torch.Generator().manual_seed(seed)
    x = torch.rand(input_shape, generator=gen) * 255
    names = module.output_names
    diffs, ok = {}, True
    try:
        with atomic_file(out) as tmp:
            torch.onnx.export(
                module,
                (x,),
                tmp,
                input_names=['inputs'],
                output_names=names,
                dynamic_axes={n: {0: 'batch'} for n in ['inputs', *names]},
                opset_version=OPSET,
                dynamo=False,
            )
            if check:
                session = onnx_session(tmp)
                bigger = torch.rand((b + 1, c, h, w), generator=gen) * 255
                for inp in (x, bigger):
                    got = run_onnx(session, inp.numpy())
                    outs = zip(names, _outputs(module, inp), got)
                    for name, ref, val in outs:
                        ref = ref.double().numpy()
                        if ref.shape != val.shape:
                            diff, scale = float('inf'), 1.0
                        else:
                            diff = float(np.abs(ref - val).max(initial=0))
                            scale = max(1.0, float(np.abs(ref).max(initial=0)))
                        diffs[name] = max(diffs.get(name, 0.0), diff)
                        ok &= diff <= rtol * scale
            if not ok:
                raise _Mismatch
    except _Mismatch:
        pass  # atomic_file removed the export; the report says why
    return ExportReport(out, tuple(input_shape), list(names), diffs, ok)
