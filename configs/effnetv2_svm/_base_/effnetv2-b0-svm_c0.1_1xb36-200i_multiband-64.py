# A CPU-sized EfficientNetV2 + SVM model for 64x64 multi-band patches:
# EfficientNetV2-B0 from scratch (no weights can be downloaded here) on the
# 12 bands, the paper's augmentation with Mixup + CutMix, Adam 3e-4 with
# cosine over `max_iters`, then the RBF SVM (C = 0.1) fitted on the training
# embeddings; the test set is scored by the SVM. The demo model and the
# evidence experiment (configs/effnetv2_svm/evidence_smote) build on it.
_base_ = './effnetv2-l_50e_synth-multiband.py'

img_size = 64
max_iters = 200
model = dict(
    backbone=dict(arch='b0'),
    head=dict(_base_.svm_head, _delete_=True),
)
custom_hooks = [dict(type='BandStatsHook'), dict(type='SVMPostHook')]
table_columns = {
    'Precision': 'binary/precision',
    'Recall': 'binary/recall',
    'F1-score': 'binary/f1',
    'Train F1': 'train/binary/f1',
}
# the base's pipelines, resized to img_size
train_pipeline = [
    dict(t, scale=(img_size, img_size)) if t['type'] == 'Resize' else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, scale=(img_size, img_size)) if t['type'] == 'Resize' else t
    for t in _base_.test_pipeline
]
train_dataloader = dict(
    num_workers=1,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(pipeline=train_pipeline),
)
test_dataloader = dict(num_workers=1, dataset=dict(pipeline=test_pipeline))
val_dataloader = test_dataloader
extra_test_sets = dict(train=dict(pipeline=test_pipeline))
train_cfg = dict(
    _delete_=True,
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=max_iters,
)
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        by_epoch=False,
        begin=0,
        end=max_iters,
        T_max=max_iters,
        eta_min=0,
    ),
]
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=max_iters),
    logger=dict(interval=10),
)
log_processor = dict(by_epoch=False)
