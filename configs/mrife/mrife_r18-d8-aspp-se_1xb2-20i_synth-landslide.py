# Tiny MRIFE for smoke runs and tests: ResNet-18-D8 encoders with 32-channel
# ASPP+SE, 256x256 inputs, 20 iterations, batch 2, from scratch.
_base_ = [
    '../_base_/models/mrife_r101-d8-aspp-se.py',
    './_base_/synth-landslide-256_he-flip-rot.py',
    '../_base_/schedules/iter_20.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)

norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    encoder=dict(
        backbone=dict(depth=18, norm_cfg=norm_cfg),
        neck=dict(
            in_channels=512,
            channels=32,
            dilations=(1, 2, 3, 4),
            se_ratio=4,
            norm_cfg=norm_cfg,
        ),
    ),
    decode_head=dict(
        in_channels=32, mid_channels=16, channels=16, norm_cfg=norm_cfg
    ),
)
loader = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(
    batch_size=2, sampler=dict(type='InfiniteSampler', shuffle=True), **loader
)
val_dataloader = dict(**loader)
test_dataloader = val_dataloader
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=5, log_metric_by_epoch=False),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=20),
    visualization=dict(type='SegVisualizationHook'),
)
