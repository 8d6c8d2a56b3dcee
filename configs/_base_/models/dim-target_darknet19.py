# The dim-small-target network of Zhao et al. 2024 (Fig. 10): an input of
# 3 difference frames, a backbone cut at output stride 8 (DarkNet-19 here;
# Table 2 swaps it), and the single-scale DimTargetHead predicting per cell
# (x, y, w, h), conf and the two class scores, trained with
# a * SmoothL1 + b * BCE (eqs. 2-4; a = loss_bbox.loss_weight,
# b = loss_cls/loss_conf.loss_weight).
model = dict(
    type='SingleStageDetector',
    data_preprocessor=dict(
        type='DetDataPreprocessor',
        mean=None,
        std=None,
        bgr_to_rgb=False,
        pad_size_divisor=8,
    ),
    backbone=dict(type='DarkNet19', in_channels=3, out_indices=(3,)),
    neck=None,
    bbox_head=dict(
        type='DimTargetHead',
        num_classes=2,
        in_channels=256,
        feat_channels=128,
        num_convs=2,
        stride=8,
        loss_bbox=dict(type='SmoothL1Loss', beta=1.0, loss_weight=1.0),
        loss_cls=dict(
            type='CrossEntropyLoss', use_sigmoid=True, loss_weight=1.0
        ),
        loss_conf=dict(
            type='CrossEntropyLoss', use_sigmoid=True, loss_weight=1.0
        ),
    ),
    train_cfg=dict(),
    test_cfg=dict(
        score_thr=0.05,
        nms_pre=1000,
        nms=dict(type='nms', iou_threshold=0.3),
        max_per_img=100,
    ),
)
