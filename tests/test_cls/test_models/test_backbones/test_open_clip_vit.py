"""The OpenCLIP vision tower: tokens and local weights."""

import pytest
import torch

from mmir.cls.models.backbones import OpenCLIPVisionTower


def test_open_clip_tower_tokens_and_weights(tmp_path):
    small = dict(layers=1, width=64, head_width=32, patch_size=16)
    model = OpenCLIPVisionTower('ViT-B-16', img_size=64, vision_cfg=small)
    (fmap,) = model(torch.randn(2, 3, 64, 64))
    assert fmap.shape == (2, 64, 4, 4)
    # A whole-CLIP checkpoint ("visual.*" plus text keys) loads.
    state = {k: torch.randn_like(v) for k, v in model.state_dict().items()}
    state['transformer.resblocks.0.ln_1.weight'] = torch.ones(3)
    path = tmp_path / 'clip.bin'
    torch.save(state, path)
    loaded = OpenCLIPVisionTower(
        'ViT-B-16',
        img_size=64,
        vision_cfg=small,
        init_cfg=dict(type='Pretrained', checkpoint=str(path)),
    )
    loaded.init_weights()
    torch.testing.assert_close(
        loaded.visual.conv1.weight, state['visual.conv1.weight']
    )
    with pytest.raises(KeyError, match='no model config'):
        OpenCLIPVisionTower('ViT-X-99')
