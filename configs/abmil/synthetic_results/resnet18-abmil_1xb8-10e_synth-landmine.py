# A CPU-sized recipe for the synthetic landmine set (README "Results on the
# synthetic set"): ResNet-18 from scratch (no weights can be downloaded
# here) + ABMIL + BCE head, duplicated train set, 10 epochs, AdamW lr 1e-3
# (10x the paper's, for training from scratch), 2-epoch warm-up, cosine.
_base_ = '../_base_/abmil-paper_100e_synth-landmine.py'

model = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet', depth=18, num_stages=4, out_indices=(3,)),
    neck=dict(type='ABMILPooling', in_channels=512, hidden_channels=128),
    head=dict(type='BinaryLinearClsHead', in_channels=512),
)
train_cfg = dict(max_epochs=10, val_interval=10)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-2,
        by_epoch=True,
        begin=0,
        end=2,
        convert_to_iter_based=True,
    ),
    dict(
        type='CosineAnnealingLR',
        by_epoch=True,
        begin=2,
        end=10,
        T_max=8,
        eta_min=0,
        convert_to_iter_based=True,
    ),
]
train_dataloader = dict(num_workers=1)
val_dataloader = dict(num_workers=1)
test_dataloader = val_dataloader
default_hooks = dict(checkpoint=dict(interval=10), logger=dict(interval=5))
