import pytest
import torch

from mmir.cls.models.backbones import ConvViT, OpenCLIPVisionTower, PlainCNN
from mmir.cls.models.backbones.convvit import sincos_pos_embed


def test_convvit_shapes_native_and_pretrain_size():
    model = ConvViT('tiny').eval()
    (out,) = model(torch.randn(2, 3, 256, 336))
    assert out.shape == (2, 64, 16, 21)  # 16x16 effective patch
    (tokens,) = ConvViT('tiny', out_type='raw')(torch.randn(1, 3, 224, 224))
    assert tokens.shape == (1, 196, 64)
    with pytest.raises(ValueError, match='divisible by 16'):
        model(torch.randn(1, 3, 250, 336))


def test_convvit_base_size_and_layout():
    model = ConvViT('base')
    n = sum(p.numel() for p in model.parameters())
    assert abs(n / 1e6 - 88.9) < 0.1  # + ABMIL and head: the paper's 89.1 M
    keys = model.state_dict().keys()
    for key in (
        'patch_embed1.proj.weight',
        'blocks1.0.attn.weight',
        'blocks2.1.mlp.fc2.weight',
        'patch_embed4.weight',
        'blocks3.10.attn.qkv.weight',
        'stage1_output_decode.weight',
        'pos_embed',
        'norm.weight',
    ):
        assert key in keys
    assert not model.pos_embed.requires_grad


def test_sincos_pos_embed_is_mae_layout():
    emb = sincos_pos_embed(8, 2, 3)
    assert emb.shape == (6, 8)
    # First half encodes the column (w), second half the row (h).
    assert torch.allclose(emb[0, :4], emb[3, :4])  # same column, rows 0/1
    assert torch.allclose(emb[0, 4:], emb[1, 4:])  # same row, cols 0/1
    assert torch.allclose(emb[0], torch.tensor([0.0, 0, 1, 1, 0, 0, 1, 1]))


def test_convvit_loads_infmae_style_checkpoint(tmp_path):
    src = ConvViT('tiny')
    state = {f'module.{k}': v for k, v in src.state_dict().items()}
    state['decoder_embed.weight'] = torch.randn(4, 4)
    state['mask_token'] = torch.zeros(1, 1, 4)
    path = tmp_path / 'infmae.pth'
    torch.save(dict(model=state, epoch=3), path)
    dst = ConvViT(
        'tiny', init_cfg=dict(type='Pretrained', checkpoint=str(path))
    )
    dst.init_weights()
    for k, v in src.state_dict().items():
        torch.testing.assert_close(dst.state_dict()[k], v)
    empty = tmp_path / 'other.pth'
    torch.save(dict(model={'decoder_embed.weight': torch.randn(2, 2)}), empty)
    with pytest.raises(RuntimeError, match='no ConvViT weights'):
        ConvViT(
            'tiny', init_cfg=dict(type='Pretrained', checkpoint=str(empty))
        ).init_weights()


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


def test_plain_cnn():
    (out,) = PlainCNN(channels=(8, 16))(torch.randn(2, 3, 256, 256))
    assert out.shape == (2, 16, 64, 64)


@pytest.mark.parametrize(
    'name', ['inception-v3', 'wide-resnet50-2', 'regnety-32gf']
)
def test_fig5_timm_backbones_take_12_bands(name):
    """Fig. 5 rows mmpretrain lacks: timm's models with a 12-band stem
    through TIMMBackbone, the head's width matching their features."""
    import torch
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
