# Tiny FCN (ResNet-18-D8, from scratch) on the synthetic relic-landslide
# tiles: a 20-iteration smoke run of the mmseg stack.
_base_ = [
    'mmseg::_base_/models/fcn_r50-d8.py',
    '../_base_/datasets/synth_landslide.py',
    '../_base_/schedules/iter_20.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)

norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    pretrained=None,
    data_preprocessor=dict(size=(512, 512)),
    backbone=dict(depth=18, norm_cfg=norm_cfg),
    decode_head=dict(
        in_channels=512, channels=128, num_classes=2, norm_cfg=norm_cfg
    ),
    auxiliary_head=dict(
        in_channels=256, channels=64, num_classes=2, norm_cfg=norm_cfg
    ),
)

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=5, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=20),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'),
)
