# EfficientNetV2-L (mmpretrain) with a 12-band stem, global average
# pooling and a linear head trained with soft-label cross-entropy (the
# paper's "soft-label KL divergence": same gradient, KL = CE - H(target)).
# RGB ImageNet weights, when given as a local file, are adapted to the
# 12-band stem:
#   backbone=dict(init_cfg=dict(type='MultiBandPretrained',
#                               checkpoint='effnetv2-l_in21k.pth',
#                               prefix='backbone.'))
model = dict(
    type='ImageClassifier',
    data_preprocessor=dict(
        type='MultiBandDataPreprocessor',
        num_bands=12,
        scaling='standard',
        num_classes=2,
    ),
    backbone=dict(type='EfficientNetV2', arch='l', in_channels=12),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=2,
        in_channels=1280,
        loss=dict(type='CrossEntropyLoss', use_soft=True, loss_weight=1.0),
    ),
)
