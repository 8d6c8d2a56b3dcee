"""InputAdapter: truncated stock backbones with an N-band stem."""

import torch
from mmdet.registry import MODELS

import mmir.det  # noqa: F401


def test_input_adapter_truncates_and_loads_rgb_weights(tmp_path):
    full = MODELS.build(dict(type='MobileNetV2', out_indices=(2,)))
    torch.save(dict(state_dict=full.state_dict()), tmp_path / 'rgb.pth')
    model = MODELS.build(
        dict(
            type='InputAdapter',
            in_channels=4,
            backbone=dict(
                type='MobileNetV2',
                out_indices=(2,),
                init_cfg=dict(
                    type='MultiBandPretrained',
                    checkpoint=str(tmp_path / 'rgb.pth'),
                    mode='mean',
                ),
            ),
        )
    )
    assert not hasattr(model.backbone, 'layer4')
    assert len(model.backbone.layers) == 3
    import mmir.cls  # noqa: F401 (registers MultiBandPretrained)

    model.init_weights()
    w = model.backbone.conv1.conv.weight
    assert w.shape[1] == 4
    rgb = full.conv1.conv.weight
    torch.testing.assert_close(
        w, rgb.mean(1, keepdim=True).repeat(1, 4, 1, 1) * 3 / 4
    )
