import numpy as np
import pytest

from mmir.cls.analysis.attention_mass import (
    attention_in_boxes,
    attention_mass,
    box_cells,
)


def test_box_cells_maps_pixels_to_the_cells_they_touch():
    # 128x168 image, 4x6 grid: cells of 32x28 px
    cells = box_cells([[20, 10, 40, 20]], (128, 168), (4, 6))
    assert cells.sum() == 2 and cells[0, 1] and cells[0, 0]
    inside = box_cells([[29, 33, 55, 63]], (128, 168), (4, 6))
    assert np.argwhere(inside).tolist() == [[1, 1]]
    # empty / degenerate boxes hold no cell; boxes past the edge are clipped
    assert box_cells([[5, 5, 5, 9]], (128, 168), (4, 6)).sum() == 0
    assert box_cells([[160, 120, 400, 400]], (128, 168), (4, 6))[3, 5]


def test_attention_mass_chance_and_hit():
    cells = np.zeros((4, 6), bool)
    cells[1, 2] = True
    uniform = np.full((4, 6), 1 / 24)
    mass, chance, hit = attention_mass(uniform, cells)
    assert mass == pytest.approx(chance) == pytest.approx(1 / 24)
    peaked = np.full((4, 6), 0.1 / 23)
    peaked[1, 2] = 0.9
    mass, chance, hit = attention_mass(peaked, cells)
    assert mass == pytest.approx(0.9) and hit
    with pytest.raises(ValueError, match='same shape'):
        attention_mass(uniform, cells[:2])
    with pytest.raises(ValueError, match='positive sum'):
        attention_mass(np.zeros((4, 6)), cells)


def test_attention_in_boxes_runs_an_abmil_model_over_the_test_positives(
    abmil_data,
):
    """An untrained ABMIL model (no checkpoint) on the synthetic landmine
    set: every test positive with boxes is measured; the numbers are
    shares; a model without attention is refused by name."""
    root = str(abmil_data['landmine']) + '/'
    config = 'configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py'
    out = attention_in_boxes(config, None, data_root=root)
    with open(root + 'mmir_ann/val.txt') as f:
        positives = sum(line.split()[1] == '1' for line in f if line.strip())
    assert out['images'] == positives > 0
    assert 0 < out['attention_chance'] < 1
    assert 0 <= out['attention_in_box'] <= 1
    assert 0 <= out['attention_hit'] <= 1
    with pytest.raises(ValueError, match='no attention neck'):
        attention_in_boxes(
            'configs/synthetic/resnet18-gap_1xb4-20i_synth-landmine.py',
            None,
            data_root=root,
        )
