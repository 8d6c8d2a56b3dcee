# A CPU-sized recipe for the synthetic multi-band set (README "Results on
# the synthetic set"): the paper's recipe (12 bands, online augmentation,
# Mixup + CutMix, Adam 3e-4, cosine, batch 36, standard scaling) with
# EfficientNetV2-B0 from scratch (no weights can be downloaded here) at the
# arrays' own 64x64, 30 epochs, FC head.
_base_ = '../_base_/effnetv2-l_50e_synth-multiband.py'

img_size = 64
model = dict(backbone=dict(arch='b0'))
# the base's pipelines, resized to img_size
train_pipeline = [
    dict(t, scale=(img_size, img_size)) if t['type'] == 'Resize' else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, scale=(img_size, img_size)) if t['type'] == 'Resize' else t
    for t in _base_.test_pipeline
]
train_dataloader = dict(num_workers=1, dataset=dict(pipeline=train_pipeline))
test_dataloader = dict(num_workers=1, dataset=dict(pipeline=test_pipeline))
val_dataloader = test_dataloader
extra_test_sets = dict(train=dict(pipeline=test_pipeline))
train_cfg = dict(max_epochs=30, val_interval=30)
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        by_epoch=True,
        begin=0,
        end=30,
        T_max=30,
        eta_min=0,
        convert_to_iter_based=True,
    ),
]
default_hooks = dict(checkpoint=dict(interval=30))
