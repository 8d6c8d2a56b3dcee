# What every row of the EfficientNetV2 + SVM landslide paper shares:
# EfficientNetV2-L on 12 bands at 256x256, standard band scaling from the
# training split, the online augmentation of section 3, Mixup + CutMix,
# Adam 3e-4 with cosine annealing, 50 epochs, batch 36, F1 of the
# landslide class on train and test (Tables 2-3).
_base_ = [
    '../../_base_/datasets/synth_multiband.py',
    '../../_base_/models/effnetv2-l_multiband.py',
    '../../_base_/schedules/adam-lr3e-4-cosine_50e.py',
    'mmpretrain::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.cls'], allow_failed_imports=False)

model = dict(
    train_cfg=dict(
        augments=[
            dict(type='Mixup', alpha=0.8),
            dict(type='CutMix', alpha=1.0),
        ]
    )
)
custom_hooks = [dict(type='BandStatsHook')]
default_hooks = dict(
    checkpoint=dict(type='CheckpointHook', interval=5, max_keep_ckpts=2),
    logger=dict(type='LoggerHook', interval=10),
)
table_columns = {'Train F1': 'train/binary/f1', 'Test F1': 'binary/f1'}
# k-fold: each fold keeps its best weights on its own validation part (sec.
# 4: "the best-performing weights from each fold are then saved and used to
# test"); the SVM of SVMPostHook is fitted on them.
kfold_save_best = 'binary/f1'
# The RBF SVM head (paper section 3, Table 3) that the SVM configs put in
# place of the FC head: `head=dict(_base_.svm_head, _delete_=True)`.
svm_head = dict(
    type='SVMClsHead',
    C=0.1,
    train_head=dict(
        type='LinearClsHead',
        num_classes=2,
        in_channels=1280,
        loss=dict(type='CrossEntropyLoss', use_soft=True),
    ),
)
