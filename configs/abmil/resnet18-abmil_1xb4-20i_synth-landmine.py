# Tiny ABMIL run on the synthetic landmine set (make demo, tests): ResNet-18
# from scratch + gated ABMIL + one-logit BCE head, 20 iterations, batch 4,
# the paper's duplicated train set, augmentation and metrics.
_base_ = './_base_/abmil-paper_100e_synth-landmine.py'

model = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet', depth=18, num_stages=4, out_indices=(3,)),
    neck=dict(type='ABMILPooling', in_channels=512, hidden_channels=64),
    head=dict(type='BinaryLinearClsHead', in_channels=512),
)
train_cfg = dict(
    _delete_=True, type='IterBasedTrainLoop', max_iters=20, val_interval=20
)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=5),
]
train_dataloader = dict(
    batch_size=4,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='InfiniteSampler', shuffle=True),
)
val_dataloader = dict(batch_size=4, num_workers=0, persistent_workers=False)
test_dataloader = val_dataloader
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=5),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=20),
)
log_processor = dict(by_epoch=False)
