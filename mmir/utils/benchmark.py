"""Timing helper shared by the benchmark scripts in tools/analysis_tools:
every comparison of ours vs a stock equivalent goes through it.

It times single calls with ``torch.utils.benchmark``'s clock, which
synchronises the accelerator (CUDA or any other) before reading the time.
``Timer.timeit`` itself is not used: every measurement of it runs two
warm-up calls and sets torch's thread count to one, while the scripts
interleave two models call by call (A, B, B, A, ...) at the machine's
thread count."""

import statistics
from typing import Callable

from torch.utils.benchmark.utils.timer import timer as clock

from mmir.utils.progress import progress

__all__ = ['interleaved_ratio']


def interleaved_ratio(
    fn_a: Callable[[], object],
    fn_b: Callable[[], object],
    rounds: int,
) -> tuple[float, float, float]:
    """``(median time of a, median time of b, median of b/a per round)``
    from ``rounds`` rounds of single calls in the order A, B, B, A, ...
    (each round times one call of each; the order alternates so that a
    drift of the machine weighs on both), after one warm-up call of each."""
    fn_a()
    fn_b()
    times_a, times_b = [], []
    for k in progress(range(rounds), 'timing A/B', unit='round'):
        order = ((fn_a, times_a), (fn_b, times_b))
        for fn, times in order if k % 2 == 0 else order[::-1]:
            start = clock()
            fn()
            times.append(clock() - start)
    ratios = [b / a for a, b in zip(times_a, times_b)]
    return (
        statistics.median(times_a),
        statistics.median(times_b),
        statistics.median(ratios),
    )
