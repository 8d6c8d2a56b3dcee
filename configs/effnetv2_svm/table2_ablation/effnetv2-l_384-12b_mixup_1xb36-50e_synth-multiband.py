# Table 2 row 2: input 384, 12 bands, Mixup, no LR schedule.
_base_ = '../_base_/effnetv2-l_50e_synth-multiband.py'
model = dict(train_cfg=dict(augments=[dict(type='Mixup', alpha=0.8)]))
param_scheduler = []
img_size = 384
# the base's pipelines, resized to img_size
train_pipeline = [
    dict(t, scale=(img_size, img_size)) if t['type'] == 'Resize' else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, scale=(img_size, img_size)) if t['type'] == 'Resize' else t
    for t in _base_.test_pipeline
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
val_dataloader = test_dataloader
extra_test_sets = dict(train=dict(pipeline=test_pipeline))
