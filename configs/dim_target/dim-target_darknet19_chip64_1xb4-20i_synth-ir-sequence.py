# Tiny run of the method (make demo, tests): DarkNet-19 from scratch on
# 64x64 chips of the differential input, 20 iterations of batch 4 (Adam
# 1e-3), then full-frame testing with P / R / F1 of the target class.
_base_ = './dim-target_darknet19_chip80_1xb16-100e_synth-ir-sequence.py'

backend_args = None
train_pipeline = [
    dict(type='LoadSequenceFrames', backend_args=backend_args),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='SequenceDifference', mode='difference', normalize='robust'),
    dict(type='RandomTargetChip', size=64, background_ratio=0.25),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs'),
]
train_dataloader = dict(
    batch_size=4,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(pipeline=train_pipeline),
)
val_dataloader = dict(num_workers=0, persistent_workers=False)
test_dataloader = val_dataloader
train_cfg = dict(
    _delete_=True, type='IterBasedTrainLoop', max_iters=20, val_interval=20
)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=20, save_best=None),
    logger=dict(interval=5),
)
log_processor = dict(by_epoch=False)
