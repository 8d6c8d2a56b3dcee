# make demo (tools/demo.py): ResNet-18 from scratch + gated ABMIL + BCE head
# on the demo landmine set (data/demo/landmine: 400 images at 168x128, half
# of them mine-free, prepared by the legbreaker converter), duplicated train
# set, AdamW 1e-3 with a warm-up and cosine over `max_iters`.
_base_ = [
    '../abmil/synthetic_results/resnet18-abmil_1xb8-10e_synth-landmine.py',
]
max_iters = 700
crop_size = (128, 168)  # (h, w)
train_pipeline = [
    dict(t, size=crop_size) if 'size' in t else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, size=crop_size) if 'size' in t else t for t in _base_.test_pipeline
]
train_cfg = dict(
    _delete_=True,
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=max_iters,
)
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
train_dataloader = dict(
    dataset=dict(dataset=dict(pipeline=train_pipeline)),
    num_workers=1,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=max_iters),
    logger=dict(interval=10),
)
log_processor = dict(by_epoch=False)
