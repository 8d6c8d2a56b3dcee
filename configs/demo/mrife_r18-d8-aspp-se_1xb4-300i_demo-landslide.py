# make demo (tools/demo.py): MRIFE (ResNet-18-D8 encoders, 128-channel
# ASPP+SE, from scratch) on the demo landslide tiles (data/demo/landslide_seg:
# 100 tiles, 60 for training), 128x128 inputs, batch 4, the paper's SGD and
# poly decay over `max_iters` at lr 0.02 (at its 0.007 the network, from
# scratch, still predicts background everywhere after 300 iterations).
_base_ = [
    '../mrife/synthetic_results/mrife_r18-d8-aspp-se_1xb4-30e_synth-landslide.py',
]
max_iters = 300
img_scale = (128, 128)
train_pipeline = [
    dict(t, scale=img_scale) if t['type'] == 'Resize' else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, scale=img_scale) if t['type'] == 'Resize' else t
    for t in _base_.test_pipeline
]
optim_wrapper = dict(optimizer=dict(lr=0.02))
train_cfg = dict(
    _delete_=True,
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=max_iters,
)
param_scheduler = [
    dict(
        type='PolyLR',
        power=0.9,
        eta_min=1e-4,
        by_epoch=False,
        begin=0,
        end=max_iters,
    ),
]
train_dataloader = dict(
    dataset=dict(pipeline=train_pipeline),
    num_workers=1,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=max_iters),
    logger=dict(interval=10, log_metric_by_epoch=False),
)
log_processor = dict(by_epoch=False)
