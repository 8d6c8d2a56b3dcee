"""PretrainedFreezeHook: freezing only for a backbone that starts from
weights; a run from scratch trains every layer."""

import logging
from types import SimpleNamespace

import pytest
import torch.nn as nn
from conftest import ROOT
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.registry import HOOKS, init_default_scope

import mmir  # noqa: F401  (registers the hook)
import mmir.det  # noqa: F401


class _Detector(nn.Module):
    def __init__(self, **backbone):
        super().__init__()
        init_default_scope('mmdet')
        self.backbone = MODELS.build(
            dict(
                type='ResNet',
                depth=18,
                frozen_stages=1,
                norm_eval=True,
                **backbone,
            )
        )


def _runner(model, load_from=None, resume=False):
    return SimpleNamespace(
        model=model,
        _load_from=load_from,
        _resume=resume,
        cfg=Config(dict(load_from=load_from)),
        logger=logging.getLogger('test'),
    )


def _frozen(backbone):
    stem = list(backbone.conv1.parameters()) + list(
        backbone.norm1.parameters()
    )
    return [
        p
        for p in stem + list(backbone.layer1.parameters())
        if not p.requires_grad
    ]


def test_from_scratch_every_layer_trains(caplog):
    model = _Detector()
    assert _frozen(model.backbone)  # mmdet froze the stem and stage 1
    hook = HOOKS.build(dict(type='PretrainedFreezeHook'))
    with caplog.at_level(logging.WARNING, logger='test'):
        hook.before_train(_runner(model))
    assert 'frozen_stages=1' in caplog.text and 'norm_eval=True' in caplog.text
    backbone = model.backbone
    assert all(p.requires_grad for p in backbone.parameters())
    assert backbone.frozen_stages == -1 and not backbone.norm_eval
    model.train()
    assert backbone.norm1.training and backbone.layer1[0].bn1.training
    assert backbone.layer3[0].bn1.training


@pytest.mark.parametrize('start', ['load_from', 'init_cfg'])
def test_from_weights_the_paper_freezing_stays(start):
    init_cfg = dict(type='Pretrained', checkpoint='r18.pth')
    model = (
        _Detector(init_cfg=init_cfg) if start == 'init_cfg' else _Detector()
    )
    frozen = len(_frozen(model.backbone))
    hook = HOOKS.build(dict(type='PretrainedFreezeHook'))
    hook.before_train(
        _runner(model, 'coco.pth' if start == 'load_from' else None)
    )
    assert len(_frozen(model.backbone)) == frozen > 0
    assert model.backbone.frozen_stages == 1 and model.backbone.norm_eval
    model.train()
    assert not model.backbone.norm1.training


def test_error_mode_refuses_a_frozen_random_backbone():
    hook = HOOKS.build(dict(type='PretrainedFreezeHook', on_scratch='error'))
    with pytest.raises(RuntimeError, match='frozen_stages=-1'):
        hook.before_train(_runner(_Detector()))
    with pytest.raises(ValueError, match='on_scratch'):
        HOOKS.build(dict(type='PretrainedFreezeHook', on_scratch='warn'))


def test_norm_cfg_requires_grad_is_respected():
    model = _Detector(norm_cfg=dict(type='BN', requires_grad=False))
    HOOKS.build(dict(type='PretrainedFreezeHook')).before_train(_runner(model))
    assert all(p.requires_grad for p in model.backbone.conv1.parameters())
    assert not any(p.requires_grad for p in model.backbone.norm1.parameters())


def test_resume_keeps_the_first_decision():
    """A from-scratch run resumed with `--resume ckpt` (load_from = ckpt)
    still trains every layer: the decision travels in the checkpoint."""
    first = HOOKS.build(dict(type='PretrainedFreezeHook'))
    first.before_train(_runner(_Detector()))
    checkpoint = {'meta': {}}
    first.before_save_checkpoint(None, checkpoint)
    assert checkpoint['meta']['mmir_backbone_start'] == 'scratch'
    resumed = HOOKS.build(dict(type='PretrainedFreezeHook'))
    model = _Detector()
    runner = _runner(model, load_from='work/epoch_3.pth', resume=True)
    resumed.after_load_checkpoint(runner, checkpoint)
    resumed.before_train(runner)
    assert all(p.requires_grad for p in model.backbone.parameters())
    # The same checkpoint as load_from (fine-tuning): weights, so freezing.
    finetune = HOOKS.build(dict(type='PretrainedFreezeHook'))
    model = _Detector()
    runner = _runner(model, load_from='work/epoch_3.pth')
    finetune.after_load_checkpoint(runner, checkpoint)
    finetune.before_train(runner)
    assert model.backbone.frozen_stages == 1 and _frozen(model.backbone)


def test_bnsa_configs_carry_the_hook():
    for path in (
        'configs/bnsa_mask_rcnn/mask-rcnn_r50-bnsa-fpn_focal-siou_'
        'bce-dice-lovasz_1xb2-100e_synth-ir-instance.py',
        'configs/bnsa_mask_rcnn/table4_peers/'
        'condinst_r50-fpn_1xb2-100e_synth-ir-instance.py',
        'configs/synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py',
    ):
        cfg = Config.fromfile(f'{ROOT}/{path}')
        assert 'PretrainedFreezeHook' in [h.type for h in cfg.custom_hooks]
