"""Timing helper shared by the benchmark scripts in tools/analysis_tools."""

import statistics
import time

import torch

__all__ = ['median_time']


def median_time(fn, repeats, device='cpu'):
    """Median wall time in seconds of ``repeats`` calls of ``fn`` after one
    warm-up call, synchronising CUDA around each call on a CUDA device."""
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        if device.startswith('cuda'):
            torch.cuda.synchronize()
        start = time.perf_counter()
        fn()
        if device.startswith('cuda'):
            torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
