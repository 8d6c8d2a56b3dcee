"""GPU parity (marked ``cuda``, skipped without a GPU): mmir's modules give
on CUDA what they give on the CPU (fp32, forward and backward), stay finite
under mixed precision, and each method's tiny config learns on the GPU,
with and without ``--amp``.

The harness itself (:func:`parity`, :func:`model_batch`) also runs with
``device='cpu'`` against a deep copy, so it is exercised by every CI run.
"""

import copy

import pytest
import torch
from conftest import loss_ratio, run_tool

import mmir.cls  # noqa: F401
import mmir.det  # noqa: F401
import mmir.seg  # noqa: F401

HAS_CUDA = torch.cuda.is_available()
DEVICES = [
    'cpu',
    pytest.param(
        'cuda',
        marks=[
            pytest.mark.cuda,
            pytest.mark.skipif(not HAS_CUDA, reason='no GPU'),
        ],
    ),
]


def to_device(obj, device):
    """``obj`` (tensors, data elements, nested lists/tuples/dicts) on
    ``device``; float tensor leaves require grad."""
    if isinstance(obj, torch.Tensor):
        out = obj.detach().to(device)
        return out.requires_grad_() if out.is_floating_point() else out
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_device(o, device) for o in obj)
    if isinstance(obj, dict):
        return {k: to_device(v, device) for k, v in obj.items()}
    if hasattr(obj, 'to'):
        return obj.to(device)
    return obj


def tensors(obj):
    """The floating tensors of a (nested) output, in order."""
    if isinstance(obj, torch.Tensor):
        return [obj] if obj.is_floating_point() else []
    if isinstance(obj, (list, tuple)):
        return [t for o in obj for t in tensors(o)]
    if isinstance(obj, dict):
        return [t for k in sorted(obj) for t in tensors(obj[k])]
    return []


def parity(module, args, device, rtol=1e-4, atol=1e-5, kwargs=None):
    """Run ``module(*args)`` on the CPU and, on a deep copy, on ``device``:
    outputs, input gradients and parameter gradients of the sum of the
    outputs must agree. Returns the device outputs."""
    kwargs = kwargs or {}
    ref_args = to_device(args, 'cpu')
    dev_module = copy.deepcopy(module).to(device)
    dev_args = to_device(args, device)
    ref_out = module(*ref_args, **kwargs)
    dev_out = dev_module(*dev_args, **to_device(kwargs, device))
    ref_t, dev_t = tensors(ref_out), tensors(dev_out)
    assert len(ref_t) == len(dev_t) and ref_t, 'no outputs to compare'
    for r, d in zip(ref_t, dev_t):
        assert d.device.type == torch.device(device).type
        torch.testing.assert_close(
            d.detach().cpu(), r.detach(), rtol=rtol, atol=atol
        )
    sum(t.float().sum() for t in ref_t).backward()
    sum(t.float().sum() for t in dev_t).backward()
    for r, d in zip(tensors(ref_args), tensors(dev_args)):
        if r.grad is not None:
            torch.testing.assert_close(
                d.grad.cpu(), r.grad, rtol=rtol * 10, atol=atol * 10
            )
    for (name, p), (_, q) in zip(
        module.named_parameters(), dev_module.named_parameters()
    ):
        if p.grad is not None:
            assert q.grad is not None, name
            torch.testing.assert_close(
                q.grad.cpu(), p.grad, rtol=rtol * 10, atol=atol * 10, msg=name
            )
    return dev_out


def _boxes(n, seed):
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * 50
    wh = torch.rand(n, 2, generator=g) * 20 + 2
    return torch.cat([xy, xy + wh], 1)


def _build(cfg, scope='mmdet'):
    from mmengine.registry import MODELS, DefaultScope

    with DefaultScope.overwrite_default_scope(scope):
        return MODELS.build(cfg)


# ------------------------------------------------------ module parity
@pytest.mark.parametrize('device', DEVICES)
@pytest.mark.parametrize(
    'cfg',
    [
        dict(type='FocalIoULoss'),  # Focal-SIoU, the paper's box loss
        dict(type='FocalIoULoss', iou_loss=dict(type='EfficientIoULoss')),
        dict(type='EfficientIoULoss'),
    ],
    ids=['focal-siou', 'focal-eiou', 'eiou'],
)
def test_box_losses(device, cfg):
    module = _build(cfg)
    pred, target = _boxes(12, 0), _boxes(12, 1)
    weight = torch.rand(12, generator=torch.Generator().manual_seed(2))
    parity(module, (pred, target, weight), device, kwargs={'avg_factor': 7.0})


@pytest.mark.parametrize('device', DEVICES)
def test_mask_bce_dice_lovasz_loss(device):
    g = torch.Generator().manual_seed(0)
    module = _build(dict(type='MaskBCEDiceLovaszLoss'))
    pred = torch.randn(6, 3, 14, 14, generator=g)
    target = (torch.rand(6, 14, 14, generator=g) > 0.5).float()
    label = torch.tensor([0, 1, 2, 1, 0, 2])
    parity(module, (pred, target, label), device)


@pytest.mark.parametrize('device', DEVICES)
def test_bnsa_neck(device):
    torch.manual_seed(0)
    module = _build(dict(type='BNSA', in_channels=[16, 32, 64, 128]))
    g = torch.Generator().manual_seed(0)
    feats = tuple(
        torch.randn(2, c, h, w, generator=g)
        for c, (h, w) in zip(
            (16, 32, 64, 128), ((33, 40), (17, 20), (9, 10), (5, 5))
        )
    )
    parity(module.eval(), (feats,), device)


@pytest.mark.parametrize('device', DEVICES)
@pytest.mark.parametrize('gated', [True, False])
def test_abmil_pooling(device, gated):
    from mmir.cls.models.necks import ABMILPooling

    torch.manual_seed(0)
    module = ABMILPooling(in_channels=16, hidden_channels=8, gated=gated)
    x = torch.randn(3, 16, 5, 7, generator=torch.Generator().manual_seed(1))
    parity(module, ((x,),), device)
    if device != 'cpu':
        maps = module.to(device).attention_maps()
        assert maps is None or maps.device.type == device


@pytest.mark.parametrize('device', DEVICES)
def test_aspp_se_neck_and_transposed_head(device):
    from mmir.seg.models.decode_heads import TransposedConvHead
    from mmir.seg.models.necks import ASPPSENeck

    torch.manual_seed(0)
    neck = ASPPSENeck(in_channels=16, channels=8, dilations=(1, 2), se_ratio=2)
    g = torch.Generator().manual_seed(1)
    x = torch.randn(2, 16, 9, 9, generator=g)
    parity(neck.eval(), ((torch.randn(2, 4, 9, 9, generator=g), x),), device)
    head = TransposedConvHead(
        upsample_factors=(2, 4),
        in_channels=8,
        channels=4,
        num_classes=2,
        norm_cfg=dict(type='BN'),
    ).eval()
    parity(head, ([torch.randn(2, 8, 5, 7, generator=g)],), device)


@pytest.mark.parametrize('device', DEVICES)
def test_block_contrast_loss(device):
    from mmir.seg.models.losses import BlockContrastLoss

    g = torch.Generator().manual_seed(0)
    feats = torch.randn(20, 8, generator=g)
    labels = torch.tensor([1, 0] * 10)
    parity(BlockContrastLoss(), (feats, labels), device)


@pytest.mark.parametrize('device', DEVICES)
def test_block_masker_same_masks_on_the_device(device):
    from mmir.seg.models.utils.block_mask import BlockMasker

    seg = torch.zeros(2, 64, 64, dtype=torch.long)
    seg[:, 16:48, 20:44] = 1
    masker = BlockMasker(block_size=8, feat_stride=8)
    ref = masker(seg, torch.Generator().manual_seed(3))
    dev = masker(seg.to(device), torch.Generator().manual_seed(3))
    assert dev.pixel_mask.device.type == device
    assert torch.equal(dev.pixel_mask.cpu(), ref.pixel_mask)
    for a, b in zip(ref.points_1 + ref.points_0, dev.points_1 + dev.points_0):
        assert torch.equal(b.cpu(), a)


@pytest.mark.parametrize('device', DEVICES)
def test_pairwise_ssim_on_the_device(device):
    from mmir.smote.ssim import pairwise_ssim

    x = torch.rand(5, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    ref = pairwise_ssim(x, device='cpu')
    dev = pairwise_ssim(x, device=device)
    torch.testing.assert_close(dev.cpu(), ref, rtol=1e-4, atol=1e-5)


# ------------------------------------------------ whole models, per method
METHODS = {
    'bnsa_mask_rcnn': (
        'configs/bnsa_mask_rcnn/mask-rcnn_r18-bnsa-fpn_focal-siou_'
        'bce-dice-lovasz_1xb2-20i_synth-ir-instance.py',
        'ir_instance',
    ),
    'dim_target': (
        'configs/dim_target/'
        'dim-target_darknet19_chip64_1xb4-20i_synth-ir-sequence.py',
        'ir_sequence',
    ),
    'mrife': (
        'configs/mrife/mrife_r18-d8-aspp-se_1xb2-20i_synth-landslide.py',
        'landslide_seg',
    ),
    'abmil': (
        'configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py',
        'landmine',
    ),
    'effnetv2_svm': (
        'configs/effnetv2_svm/effnetv2-b0-svm_c0.1_1xb8-20i_synth-multiband.py',
        'multiband',
    ),
}


def model_batch(method, root):
    """``(model, batch, cfg)``: the method's tiny model (CPU, seeded) and
    two training samples of its synthetic set, collated."""
    from mmengine.dataset import pseudo_collate
    from mmengine.registry import DATASETS, MODELS, DefaultScope

    from mmir.experiments.runs import load_config
    from mmir.utils.config_check import override_data_root

    config, data = METHODS[method]
    cfg = load_config(config)
    override_data_root(cfg, f'{root / data}/')
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
        dataset = DATASETS.build(cfg.train_dataloader.dataset)
        batch = pseudo_collate([dataset[0], dataset[1]])
    pre = model.data_preprocessor
    if hasattr(pre, 'set_stats') and not bool(pre.stats_ready):
        pre.set_stats([0.0] * pre.num_bands, [1.0] * pre.num_bands)
    for m in model.modules():  # device RNGs differ: no dropout in parity
        if isinstance(m, torch.nn.Dropout):
            m.p = 0.0
    return model, batch, cfg


@pytest.fixture(scope='module')
def prepared(synthetic_root, abmil_data):
    return synthetic_root


@pytest.mark.parametrize('device', DEVICES)
@pytest.mark.parametrize('method', sorted(METHODS))
def test_model_features_match_the_cpu(device, method, prepared):
    """Eval-mode backbone + neck features of the same batch."""
    model, batch, _ = model_batch(method, prepared)
    model.eval()
    dev = copy.deepcopy(model).to(device)
    with torch.no_grad():
        ref = model.extract_feat(model.data_preprocessor(batch)['inputs'])
        out = dev.extract_feat(dev.data_preprocessor(batch)['inputs'])
    ref_t, out_t = tensors(ref), tensors(out)
    assert ref_t and len(ref_t) == len(out_t)
    for r, o in zip(ref_t, out_t):
        assert o.device.type == device
        torch.testing.assert_close(o.cpu(), r, rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize('device', DEVICES)
@pytest.mark.parametrize('amp', [False, True])
@pytest.mark.parametrize('method', sorted(METHODS))
def test_training_step_is_finite(device, amp, method, prepared):
    """One loss + backward on the device (under fp16 autocast with
    ``amp``): every loss and gradient finite."""
    if amp and device == 'cpu':
        pytest.skip('AMP is a GPU mode')
    model, batch, _ = model_batch(method, prepared)
    model = model.to(device).train()
    data = model.data_preprocessor(batch, True)
    with torch.autocast(device_type=device, enabled=amp):
        losses = model(**data, mode='loss')
    total, log = model.parse_losses(losses)
    assert torch.isfinite(total), log
    total.backward()
    for name, p in model.named_parameters():
        if p.grad is not None:
            assert p.grad.device.type == device, name
            assert torch.isfinite(p.grad).all(), name


# ------------------------------------------- tiny trainings on the GPU
@pytest.mark.e2e
@pytest.mark.cuda
@pytest.mark.skipif(not HAS_CUDA, reason='no GPU')
@pytest.mark.parametrize('amp', [False, True])
@pytest.mark.parametrize('method', sorted(METHODS))
def test_tiny_training_learns_on_the_gpu(method, amp, prepared, tmp_path):
    config, data = METHODS[method]
    run_tool(
        'tools/train.py',
        config,
        '--work-dir',
        tmp_path,
        '--data-root',
        f'{prepared / data}/',
        *(['--amp'] if amp else []),
        '--cfg-options',
        'randomness.seed=0',
        'train_cfg.max_iters=20',
        'train_cfg.val_interval=1000',
        'default_hooks.logger.interval=1',
        'train_dataloader.dataset.indices=4',
    )
    assert loss_ratio(tmp_path, iters=20) < 1.0
