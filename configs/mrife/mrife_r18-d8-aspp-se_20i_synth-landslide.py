# Tiny MRIFE for smoke runs and tests: ResNet-18-D8 encoders with 32-channel
# ASPP+SE, 128x128 inputs, 20 iterations, batch 2, from scratch.
_base_ = [
    '../_base_/models/mrife_r101-d8-aspp-se.py',
    './_base_/synth-landslide_he-flip-rot.py',
    '../_base_/schedules/iter_20.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)

norm_cfg = dict(type='BN', requires_grad=True)
img_scale = (128, 128)
model = dict(
    encoder=dict(
        backbone=dict(depth=18, norm_cfg=norm_cfg),
        neck=dict(in_channels=512, channels=32, dilations=(1, 2, 3, 4),
                  se_ratio=4, norm_cfg=norm_cfg)),
    decode_head=dict(in_channels=32, mid_channels=16, channels=16,
                     norm_cfg=norm_cfg))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='HistogramEqualize'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandomFlip', prob=0.5, direction='vertical'),
    dict(type='RandomRotate', prob=0.5, degree=30, seg_pad_val=255),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='HistogramEqualize'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]
loader = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(
    batch_size=2, sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(pipeline=train_pipeline), **loader)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline), **loader)
test_dataloader = val_dataloader
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=5, log_metric_by_epoch=False),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=20),
    visualization=dict(type='SegVisualizationHook'))
