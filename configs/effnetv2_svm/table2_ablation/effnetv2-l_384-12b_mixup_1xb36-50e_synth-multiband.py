# Table 2 row 2: input 384, 12 bands, Mixup, no LR schedule. (MMEngine
# text configs cannot re-evaluate the base pipelines at another size, so
# they are restated here with 384.)
_base_ = '../_base_/effnetv2-l_50e_synth-multiband.py'
model = dict(train_cfg=dict(augments=[dict(type='Mixup', alpha=0.8)]))
param_scheduler = []
img_size = 384
train_pipeline = [
    dict(type='LoadMultiBandImage'),
    dict(type='Resize', scale=(img_size, img_size)),
    dict(type='RandomBandNoise', sigma=0.05, prob=0.5),
    dict(type='RandomBandContrast', magnitude=0.2, prob=0.5),
    dict(type='RandomRGBJitter', brightness=0.2, saturation=0.2, prob=0.5),
    dict(
        type='RandomBandAffine',
        max_rotate=30,
        max_shear=10,
        max_shift=0.1,
        prob=0.5,
    ),
    dict(
        type='RandomFlip',
        prob=[0.25, 0.25],
        direction=['horizontal', 'vertical'],
    ),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadMultiBandImage'),
    dict(type='Resize', scale=(img_size, img_size)),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
val_dataloader = test_dataloader
extra_test_sets = dict(train=dict(pipeline=test_pipeline))
