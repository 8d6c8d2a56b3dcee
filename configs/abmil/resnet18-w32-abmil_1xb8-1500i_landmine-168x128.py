# A CPU-sized ABMIL model for reduced-resolution landmine images (168x128):
# ResNet-18 at half width (32 base channels, a quarter of the FLOPs: 0.1 s
# per iteration on 2 cores) from scratch (no weights can be downloaded
# here) + gated ABMIL + BCE head, duplicated train set, AdamW 1e-3 (10x the
# paper's, for training from scratch), 40-iteration warm-up and cosine over
# `max_iters`. The demo model and the evidence experiments
# (configs/abmil/evidence_*) build on it.
_base_ = './_base_/abmil-paper_100e_synth-landmine.py'

max_iters = 1500
crop_size = (128, 168)  # (h, w)
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ResNet',
        depth=18,
        base_channels=32,
        num_stages=4,
        out_indices=(3,),
    ),
    neck=dict(type='ABMILPooling', in_channels=256, hidden_channels=128),
    head=dict(type='BinaryLinearClsHead', in_channels=256),
)
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
optim_wrapper = dict(optimizer=dict(lr=1e-3))
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
val_dataloader = dict(num_workers=1, dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=max_iters),
    logger=dict(interval=10),
)
log_processor = dict(by_epoch=False)
table_columns = {
    'Precision': 'binary/precision',
    'Recall': 'binary/recall',
    'F1-score': 'binary/f1',
    'Accuracy': 'accuracy/top1',
    'FP (synthetic negatives)': 'synthetic_negatives/binary/fp',
}
