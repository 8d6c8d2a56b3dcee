"""check_out_indices, shared by DarkNet-19 (6 stages), GoogLeNet (5) and
SqueezeNet (4): a non-empty subset of the stages, as a tuple."""

import pytest
from mmdet.registry import MODELS

import mmir.det  # noqa: F401
from mmir.det.models.backbones.utils import check_out_indices


def test_valid_indices_become_a_tuple():
    assert check_out_indices([0, 3], 4) == (0, 3)
    assert check_out_indices((5,), 6) == (5,)


@pytest.mark.parametrize('bad', [(), (4,), (-1,), (0, 9)])
def test_invalid_indices_are_refused(bad):
    with pytest.raises(ValueError, match=r'non-empty subset of 0..3'):
        check_out_indices(bad, 4)


@pytest.mark.parametrize(
    'name, stages', [('DarkNet19', 6), ('GoogLeNet', 5), ('SqueezeNet', 4)]
)
def test_each_backbone_checks_against_its_stage_count(name, stages):
    MODELS.build(dict(type=name, out_indices=(stages - 1,)))
    with pytest.raises(ValueError, match=f'0..{stages - 1}, got'):
        MODELS.build(dict(type=name, out_indices=(stages,)))
