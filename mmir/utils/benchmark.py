"""Timing helper shared by the benchmark scripts in tools/analysis_tools.

It times single calls with ``torch.utils.benchmark``'s clock, which
synchronises the accelerator (CUDA or any other) before reading the time.
``Timer.timeit`` itself is not used: every measurement of it runs two
warm-up calls and sets torch's thread count to one, while the scripts
interleave two models call by call (A, B, B, A, ...) at the machine's
thread count."""

import statistics
from typing import Callable

from torch.utils.benchmark.utils.timer import timer as clock

__all__ = ['median_time']


def median_time(
    fn: Callable[[], object], repeats: int, device: str = 'cpu'
) -> float:
    """Median wall time in seconds of ``repeats`` single calls of ``fn``
    after one warm-up call (``device`` is unused: the clock synchronises
    whichever accelerator is present)."""
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)
