# make demo (tools/demo.py): ResNet-18 from scratch + gated ABMIL + BCE head
# on the demo landmine set (data/demo/landmine: 400 images at 168x128, half
# of them mine-free, prepared by the legbreaker converter), duplicated train
# set, AdamW 1e-3 with a warm-up and cosine over `max_iters`. As the base
# at full width (64 base channels) and 700 iterations.
_base_ = ['../abmil/resnet18-w32-abmil_1xb8-1500i_landmine-168x128.py']
max_iters = 700
model = dict(
    backbone=dict(base_channels=64),
    neck=dict(in_channels=512),
    head=dict(in_channels=512),
)
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0, end=40),
    dict(
        type='CosineAnnealingLR',
        by_epoch=False,
        begin=40,
        end=max_iters,
        T_max=max_iters - 40,
        eta_min=0,
    ),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))
