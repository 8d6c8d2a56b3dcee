# Tiny run of the method (make demo, tests): EfficientNetV2-B0 from
# scratch on the 12 synthetic bands at 64x64, Mixup + CutMix, 20
# iterations of batch 8, then the SVM (C = 0.1) fitted on the training
# embeddings; tools/test.py evaluates the SVM head.
_base_ = './_base_/effnetv2-l-svm_50e_synth-multiband.py'

img_size = 64
model = dict(
    backbone=dict(arch='b0'), head=dict(train_head=dict(in_channels=1280))
)
# the base's pipelines, resized to img_size
train_pipeline = [
    dict(t, scale=(img_size, img_size)) if t['type'] == 'Resize' else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, scale=(img_size, img_size)) if t['type'] == 'Resize' else t
    for t in _base_.test_pipeline
]
train_cfg = dict(
    _delete_=True, type='IterBasedTrainLoop', max_iters=20, val_interval=20
)
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        by_epoch=False,
        begin=0,
        end=20,
        T_max=20,
        eta_min=0,
    ),
]
train_dataloader = dict(
    batch_size=8,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(pipeline=train_pipeline),
)
test_dataloader = dict(
    batch_size=8,
    num_workers=0,
    persistent_workers=False,
    dataset=dict(pipeline=test_pipeline),
)
val_dataloader = test_dataloader
extra_test_sets = dict(train=dict(pipeline=test_pipeline))
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=5),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=20),
)
log_processor = dict(by_epoch=False)
