"""Fig. 5 rows mmpretrain lacks: timm backbones with a 12-band stem."""

import pytest
import torch


@pytest.mark.parametrize(
    'name', ['inception-v3', 'wide-resnet50-2', 'regnety-32gf']
)
def test_fig5_timm_backbones_take_12_bands(name):
    """Fig. 5 rows mmpretrain lacks: timm's models with a 12-band stem
    through TIMMBackbone, the head's width matching their features."""
    from conftest import ROOT
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    from mmpretrain.registry import MODELS

    import mmir.cls  # noqa: F401

    cfg = Config.fromfile(
        f'{ROOT}/configs/effnetv2_svm/fig5_backbones/'
        f'{name}_256-12b_smote_1xb36-50e_synth-multiband.py'
    )
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model).eval()
    x = torch.rand(1, 12, 160, 160)
    with torch.no_grad():
        feats = model.extract_feat(x)
        logits = model.head(feats)
    assert logits.shape == (1, 2)
