"""The paper configs learn: a few iterations on a handful of synthetic
images bring the training loss well below where it started (a broken
loss, target assignment or gradient path would not). Seeded runs."""

import pytest
from conftest import ROOT, loss_ratio, run_tool

SEEDED = [
    'randomness.seed=0',
    'train_cfg.max_iters=30',
    'train_cfg.val_interval=1000',
    'default_hooks.logger.interval=1',
]


# The smoke config's constant learning rate (0.02 after 5 warm-up
# iterations) lets the mask loss climb back after ~20 iterations on two
# images for some seeds and thread counts (ratio 0.27-0.70 at 30
# iterations); a cosine decay over the 30 iterations, as in the demo
# recipe, fits them steadily.
BNSA_FIT = """
_base_ = '{config}'
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=5),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=5, end=30,
         T_max=25, eta_min=0.0),
]
"""


@pytest.mark.e2e
def test_bnsa_mask_rcnn_fits_two_images(tmp_path, synthetic_root):
    # measured at 320x256, seed 0: total loss 17.6 -> 3.1 (ratio 0.22);
    # seeds 0-3 with one torch thread 0.22-0.32, seeds 0-1 with two
    # 0.19-0.28 (loss_mask 0.20-0.34)
    config = tmp_path / 'bnsa_fit.py'
    config.write_text(
        BNSA_FIT.format(
            config=f'{ROOT}/configs/bnsa_mask_rcnn/mask-rcnn_r18-bnsa-fpn_'
            'focal-siou_bce-dice-lovasz_1xb2-20i_synth-ir-instance.py'
        )
    )
    run_tool(
        'tools/train.py',
        config,
        '--work-dir',
        tmp_path / 'work',
        '--data-root',
        f'{synthetic_root / "ir_instance"}/',
        '--cfg-options',
        *SEEDED,
        'train_dataloader.dataset.indices=2',
    )
    assert loss_ratio(tmp_path / 'work') < 0.5
    assert loss_ratio(tmp_path / 'work', 'loss_mask') < 0.5


@pytest.mark.e2e
def test_dim_target_head_fits_four_sequences(tmp_path, synthetic_root):
    # measured: total loss 12.6 -> 7.9 (ratio 0.62)
    run_tool(
        'tools/train.py',
        'configs/dim_target/dim-target_darknet19_chip64_1xb4-20i_synth-ir-sequence.py',
        '--work-dir',
        tmp_path,
        '--data-root',
        f'{synthetic_root / "ir_sequence"}/',
        '--cfg-options',
        *SEEDED,
        'train_dataloader.dataset.indices=4',
    )
    assert loss_ratio(tmp_path) < 0.8
    assert loss_ratio(tmp_path, 'loss_loc') < 0.8
