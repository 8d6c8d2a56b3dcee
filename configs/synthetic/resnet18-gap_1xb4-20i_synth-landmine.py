# Tiny ResNet-18 classifier (from scratch) on the synthetic LWIR landmine
# images: a 20-iteration smoke run of the mmpretrain stack.
_base_ = [
    'mmpretrain::_base_/models/resnet18.py',
    '../_base_/datasets/synth_landmine.py',
    '../_base_/schedules/iter_20.py',
    'mmpretrain::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.cls'], allow_failed_imports=False)

model = dict(head=dict(num_classes=2, topk=(1,)))

default_hooks = dict(
    logger=dict(type='LoggerHook', interval=5),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=20),
)
# Iteration-based schedule: an endless sampler instead of epochs.
train_dataloader = dict(sampler=dict(type='InfiniteSampler', shuffle=True))
log_processor = dict(by_epoch=False)
