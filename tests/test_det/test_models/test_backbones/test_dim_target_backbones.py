"""The dim-target backbones of Table 2 (DarkNet-19, GoogLeNet, SqueezeNet
and stock ones through InputAdapter) all give stride 8."""

import pytest
import torch
from mmdet.registry import MODELS

import mmir.det  # noqa: F401

# ----------------------------------------------------------- input (eq. 1)
BACKBONES = {
    'DarkNet-19': (dict(type='DarkNet19', out_indices=(3,)), 256),
    'ResNet-18': (
        dict(
            type='ResNet',
            depth=18,
            num_stages=2,
            out_indices=(1,),
            strides=(1, 2),
            dilations=(1, 1),
        ),
        128,
    ),
    'GoogLeNet': (dict(type='GoogLeNet', out_indices=(2,)), 480),
    'SqueezeNet': (dict(type='SqueezeNet', out_indices=(2,)), 256),
    'MobileNetV2': (
        dict(
            type='InputAdapter',
            backbone=dict(type='MobileNetV2', out_indices=(2,)),
        ),
        32,
    ),
    'EfficientNet': (
        dict(
            type='InputAdapter',
            backbone=dict(type='EfficientNet', arch='b0', out_indices=(3,)),
        ),
        40,
    ),
}


@pytest.mark.parametrize('name', list(BACKBONES))
@pytest.mark.parametrize('in_channels', [1, 3, 4])
def test_every_backbone_gives_stride_8(name, in_channels):
    cfg, channels = BACKBONES[name]
    model = MODELS.build(dict(cfg, in_channels=in_channels))
    model.eval()  # mmdet's ResNet.train returns None
    with torch.no_grad():
        out = model(torch.randn(1, in_channels, 40, 56))
    assert len(out) == 1 and out[0].shape == (1, channels, 5, 7)
