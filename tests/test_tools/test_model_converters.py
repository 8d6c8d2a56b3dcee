"""timm ViT -> mmpretrain VisionTransformer: same features."""

import pytest
import torch
from conftest import run_tool

timm = pytest.importorskip('timm')


def test_timm_vit_converts_to_the_same_features(tmp_path):
    from mmengine.runner import load_checkpoint
    from mmpretrain.models import VisionTransformer

    torch.manual_seed(0)
    # ViT-Ti/16: the layout of ViT-B/16 at 1/16 of the size
    src = timm.create_model(
        'vit_tiny_patch16_224', pretrained=False, num_classes=100
    ).eval()
    torch.save(src.state_dict(), tmp_path / 'pytorch_model.bin')
    run_tool(
        'tools/model_converters/timm_vit_to_mmpretrain.py',
        tmp_path / 'pytorch_model.bin',
        tmp_path / 'vit.pth',
    )
    model = torch.nn.Module()
    model.backbone = VisionTransformer(
        arch='deit-tiny', img_size=224, patch_size=16, out_type='raw'
    )
    load_checkpoint(model, str(tmp_path / 'vit.pth'), strict=True)
    model.eval()
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        ours = model.backbone(x)[-1]
        theirs = src.forward_features(x)
    torch.testing.assert_close(ours, theirs, rtol=1e-4, atol=1e-4)
