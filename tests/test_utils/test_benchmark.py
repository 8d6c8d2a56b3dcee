"""interleaved_ratio: one warm-up call each, then rounds in the order A, B,
B, A, ...; medians of the times and of the per-round ratio b/a."""

import time

from mmir.utils.benchmark import interleaved_ratio


def test_order_and_ratio():
    calls = []

    def make(name, seconds):
        def fn():
            calls.append(name)
            time.sleep(seconds)

        return fn

    a, b, ratio = interleaved_ratio(make('a', 0.01), make('b', 0.03), 4)
    assert calls == ['a', 'b', 'a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']
    assert 0.01 <= a < b and b >= 0.03
    assert 1.5 < ratio < 4.5  # 3 with exact sleeps; the machine's jitter
