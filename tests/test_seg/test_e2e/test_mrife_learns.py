"""MRIFE learns: 30 seeded iterations on four synthetic tiles bring the
segmentation loss well below where it started (measured: decode CE 0.64 ->
0.23; L_Reconst and L_Cons grow meanwhile, as the teacher moves)."""

import pytest
from conftest import loss_ratio, run_tool, train_losses


@pytest.mark.e2e
def test_mrife_fits_four_tiles(tmp_path, synthetic_root):
    run_tool(
        'tools/train.py',
        'configs/mrife/mrife_r18-d8-aspp-se_1xb2-20i_synth-landslide.py',
        '--work-dir',
        tmp_path,
        '--data-root',
        f'{synthetic_root / "landslide_seg"}/',
        '--cfg-options',
        'randomness.seed=0',
        'train_cfg.max_iters=30',
        'train_cfg.val_interval=1000',
        'default_hooks.logger.interval=1',
        'train_dataloader.dataset.indices=4',
    )
    assert loss_ratio(tmp_path, 'decode.loss_ce') < 0.6
    assert [v for _, v in train_losses(tmp_path, 'loss_reconst')]
