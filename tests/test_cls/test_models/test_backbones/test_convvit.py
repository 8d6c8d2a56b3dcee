"""ConvViT (InfMAE-style backbone): shapes, layout, checkpoint loading."""

import pytest
import torch

from mmir.cls.models.backbones import ConvViT
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
