"""The verdict of a controlled comparison over seeds: two arms' values of a
metric (one per seed), their means and sample stds, the difference, Cohen's
d and whether the mean ± std intervals overlap (tools/evidence.py)."""

import math
import statistics
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ['Comparison', 'compare', 'mean_std', 'verdict_line']


# smallest |Cohen's d| of a 'weak' outcome (a medium effect)
WEAK_D = 0.5


class Comparison(NamedTuple):
    """``arm`` vs ``control`` on one metric (``higher``: larger is
    better)."""

    metric: str
    arm: str
    control: str
    arm_values: tuple
    control_values: tuple
    higher: bool = True

    @property
    def delta(self) -> float:
        """mean(arm) - mean(control)."""
        return statistics.mean(self.arm_values) - statistics.mean(
            self.control_values
        )

    @property
    def cohens_d(self) -> float:
        """delta / pooled sample std (inf when both stds are 0 and the
        means differ; 0 when nothing differs)."""
        a, b = self.arm_values, self.control_values
        if len(a) < 2 or len(b) < 2:
            return math.nan
        pooled = math.sqrt(
            (
                (len(a) - 1) * statistics.variance(a)
                + (len(b) - 1) * statistics.variance(b)
            )
            / (len(a) + len(b) - 2)
        )
        if pooled == 0:
            return (
                0.0 if self.delta == 0 else math.copysign(math.inf, self.delta)
            )
        return self.delta / pooled

    @property
    def overlap(self) -> bool:
        """Do the intervals mean ± sample std of the two arms overlap?"""

        def interval(values):
            m = statistics.mean(values)
            s = statistics.stdev(values) if len(values) > 1 else 0.0
            return m - s, m + s

        (a1, a2), (b1, b2) = (
            interval(self.arm_values),
            interval(self.control_values),
        )
        return a1 <= b2 and b1 <= a2

    @property
    def outcome(self) -> str:
        """'supported': the arm is better and the intervals are apart;
        'weak': better by at least half a pooled std (|d| >= 0.5, Cohen's
        medium effect), intervals overlap; 'contradicted': worse, apart;
        'not supported': intervals overlap and the arm is worse, equal or
        better by less than half a pooled std; 'too few seeds': an arm has
        one value, so no std and no interval."""
        if min(len(self.arm_values), len(self.control_values)) < 2:
            return 'too few seeds'
        better = self.delta > 0 if self.higher else self.delta < 0
        if better and not self.overlap:
            return 'supported'
        if better and not abs(self.cohens_d) < WEAK_D:
            return 'weak'
        return 'not supported' if self.overlap else 'contradicted'


def compare(
    metric: str,
    arm: str,
    control: str,
    arm_values: Sequence[float],
    control_values: Sequence[float],
    higher: bool = True,
) -> Comparison:
    """A :class:`Comparison`; each arm needs at least one value."""
    if not arm_values or not control_values:
        raise ValueError(
            f'{metric}: no values for {arm if not arm_values else control}'
        )
    return Comparison(
        metric,
        arm,
        control,
        tuple(float(v) for v in arm_values),
        tuple(float(v) for v in control_values),
        higher,
    )


def mean_std(values: Sequence[float], digits: int = 3) -> str:
    """``'mean ± sample std'`` of ``values``; one value as it is (an int
    without decimals); ``''`` for none."""
    if not values:
        return ''
    if len(values) == 1:
        v = values[0]
        return str(v) if isinstance(v, int) else f'{v:.{digits}f}'
    m, s = statistics.mean(values), statistics.stdev(values)
    return f'{m:.{digits}f} ± {s:.{digits}f}'


def verdict_line(c: Comparison) -> str:
    """One line: the two arms (mean ± std, n), delta, d, overlap, outcome."""
    return (
        f'{c.metric}: {c.arm} {mean_std(c.arm_values)} vs {c.control} '
        f'{mean_std(c.control_values)} (n = {len(c.arm_values)}/'
        f'{len(c.control_values)}); delta {c.delta:+.3f}, d = '
        f'{c.cohens_d:+.2f}, mean ± std intervals '
        f'{"overlap" if c.overlap else "apart"} -> {c.outcome}'
    )
