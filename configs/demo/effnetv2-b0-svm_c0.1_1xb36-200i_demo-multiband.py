# make demo (tools/demo.py): EfficientNetV2-B0 from scratch on the 12 bands
# of the demo patches (data/demo/multiband: 500 64x64 patches, 400 for
# training, 20 % landslides), the paper's augmentation with Mixup + CutMix,
# Adam 3e-4 with cosine over `max_iters`, then the RBF SVM (C = 0.1) fitted
# on the training embeddings; the test set is scored by the SVM.
_base_ = [
    '../effnetv2_svm/synthetic_results/'
    'effnetv2-b0-fc_64-12b_1xb36-30e_synth-multiband.py',
]
# the FC head replaced by the RBF SVM (C = 0.1) fitted on the training
# embeddings, as effnetv2_svm/synthetic_results/...svm_c0.1... does
model = dict(
    head=dict(
        _delete_=True,
        type='SVMClsHead',
        C=0.1,
        train_head=dict(
            type='LinearClsHead',
            num_classes=2,
            in_channels=1280,
            loss=dict(type='CrossEntropyLoss', use_soft=True),
        ),
    )
)
custom_hooks = [dict(type='BandStatsHook'), dict(type='SVMPostHook')]
max_iters = 200
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
train_dataloader = dict(
    num_workers=1,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
)
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=max_iters),
    logger=dict(interval=10),
)
log_processor = dict(by_epoch=False)
