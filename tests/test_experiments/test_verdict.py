import math
import statistics

import pytest

from mmir.experiments.verdict import compare, mean_std, verdict_line


def test_cohens_d_and_delta_match_a_direct_computation():
    a, b = [0.80, 0.84, 0.82], [0.60, 0.70, 0.65]
    c = compare('F1', 'abmil', 'gap', a, b)
    pooled = math.sqrt(
        (2 * statistics.variance(a) + 2 * statistics.variance(b)) / 4
    )
    delta = statistics.mean(a) - statistics.mean(b)
    assert c.delta == pytest.approx(delta)
    assert c.cohens_d == pytest.approx(delta / pooled)
    assert not c.overlap and c.outcome == 'supported'
    line = verdict_line(c)
    assert 'abmil 0.820 ± 0.020' in line and 'supported' in line


@pytest.mark.parametrize(
    'arm, control, higher, outcome',
    [
        ([0.5, 0.6, 0.7], [0.42, 0.52, 0.62], True, 'weak'),
        ([0.1, 0.12, 0.11], [0.5, 0.52, 0.51], True, 'contradicted'),
        ([0.5, 0.6, 0.7], [0.52, 0.62, 0.72], True, 'not supported'),
        # better, but by less than half a pooled std (d = 0.2)
        ([0.5, 0.6, 0.7], [0.48, 0.58, 0.68], True, 'not supported'),
        # fewer false positives is better
        ([2, 3, 2], [20, 25, 30], False, 'supported'),
        ([20, 25, 30], [2, 3, 2], False, 'contradicted'),
    ],
)
def test_outcomes(arm, control, higher, outcome):
    assert compare('m', 'a', 'c', arm, control, higher).outcome == outcome


def test_touching_intervals_overlap_and_degenerate_stds():
    # mean ± std: [1, 3] and [3, 5] touch at 3
    c = compare('m', 'a', 'c', [1, 3], [3, 5])
    assert c.overlap
    same = compare('m', 'a', 'c', [1, 1, 1], [1, 1, 1])
    assert same.cohens_d == 0.0 and same.outcome == 'not supported'
    apart = compare('m', 'a', 'c', [2, 2, 2], [1, 1, 1])
    assert apart.cohens_d == math.inf and apart.outcome == 'supported'
    single = compare('m', 'a', 'c', [2.0], [1.0])
    assert math.isnan(single.cohens_d)


@pytest.mark.parametrize(
    'arm, control', [([40.3], [45.1]), ([40.3], [45.1, 46.0, 47.2])]
)
def test_one_seed_gives_no_verdict(arm, control):
    # one value has no std, so no interval to compare: not 'contradicted'
    c = compare('l-IoU', 'mrife', 'deeplabv3plus', arm, control)
    assert c.outcome == 'too few seeds'
    assert verdict_line(c).endswith('-> too few seeds')


def test_an_arm_without_values_is_an_error():
    with pytest.raises(ValueError, match='no values for c'):
        compare('m', 'a', 'c', [1.0], [])


def test_mean_std_formats():
    assert mean_std([]) == ''
    assert mean_std([3]) == '3'
    assert mean_std([0.5]) == '0.500'
    assert mean_std([1.0, 2.0, 3.0]) == '2.000 ± 1.000'
    assert mean_std([1.0, 2.0], digits=4) == '1.5000 ± 0.7071'
