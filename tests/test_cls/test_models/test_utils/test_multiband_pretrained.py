"""RGB weights into a multi-band stem (MultiBandPretrained)."""

import torch

from mmir.cls.models.utils import adapt_input_channels


def test_adapt_input_channels():
    w = torch.randn(5, 3, 3, 3)
    m = adapt_input_channels(w, 12)
    assert m.shape == (5, 12, 3, 3)
    torch.testing.assert_close(m[:, 7], w.mean(1) * 3 / 12)
    # a grey input gives the RGB filter's response
    x = torch.randn(3, 3)
    torch.testing.assert_close(
        (m * x).sum((1, 2, 3)), (w * x).sum((1, 2, 3)), rtol=1e-5, atol=1e-5
    )
    r = adapt_input_channels(w, 5, mode='repeat')
    torch.testing.assert_close(r[:, 4], w[:, 1] * 3 / 5)
    k = adapt_input_channels(w, 6, rgb_indices=(2, 1, 0))
    torch.testing.assert_close(k[:, 2], w[:, 0] * 0.5)
    torch.testing.assert_close(k[:, 5], w.mean(1) * 0.5)


def test_multiband_pretrained_init_loads_rgb_weights(tmp_path):
    from mmpretrain.models import EfficientNetV2

    rgb = EfficientNetV2(arch='b0', in_channels=3)
    torch.save(
        {
            'state_dict': {
                f'backbone.{k}': v for k, v in rgb.state_dict().items()
            }
        },
        tmp_path / 'rgb.pth',
    )
    bands = EfficientNetV2(
        arch='b0',
        in_channels=12,
        init_cfg=dict(
            type='MultiBandPretrained',
            checkpoint=str(tmp_path / 'rgb.pth'),
            prefix='backbone.',
        ),
    )
    bands.init_weights()
    src, dst = rgb.state_dict(), bands.state_dict()
    stem = [k for k in src if src[k].dim() == 4 and src[k].shape[1] == 3]
    assert len(stem) == 1
    torch.testing.assert_close(
        dst[stem[0]], adapt_input_channels(src[stem[0]], 12)
    )
    same = [k for k in src if k != stem[0] and src[k].dtype.is_floating_point]
    assert all(torch.equal(src[k], dst[k]) for k in same)
