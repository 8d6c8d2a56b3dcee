# Table 3 "EfficientNetV2+LGBM": the FC head replaced after training by
# LightGBM on the training embeddings (text model in the checkpoint and in
# <work_dir>/lgbm_model.txt).
_base_ = '../_base_/effnetv2-l-svm_50e_synth-multiband.py'
model = dict(
    head=dict(
        _delete_=True,
        type='LGBMClsHead',
        train_head=dict(
            type='LinearClsHead',
            num_classes=2,
            in_channels=1280,
            loss=dict(type='CrossEntropyLoss', use_soft=True),
        ),
    )
)
train_dataloader = dict(dataset=dict(ann_file='smote/train_smote.csv'))
kfold_smote = dict(target_ratio=1.0)  # k-fold: SMOTE inside each fold
