# MRIFE (He et al.): three dilated ResNet-101 (output stride 8) + ASPP + SE
# encoders (segmentation branch, student, teacher), point-to-point fusion,
# two transposed-convolution decoder, block masking with 8x8 blocks on edge
# and background, MFM (MSE) + SFCE (supervised contrast) + CE losses.
# From scratch: no weights can be downloaded here. For ImageNet weights set
# model.encoder.backbone.init_cfg = dict(type='Pretrained',
#     checkpoint='/path/to/resnet101_v1c.pth')  (all three encoders load it).
norm_cfg = dict(type='SyncBN', requires_grad=True)
data_preprocessor = dict(
    type='SegDataPreProcessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True,
    pad_val=0,
    seg_pad_val=255,
    size_divisor=8,
)
model = dict(
    type='MRIFE',
    data_preprocessor=data_preprocessor,
    encoder=dict(
        backbone=dict(
            type='ResNetV1c',
            depth=101,
            num_stages=4,
            out_indices=(3,),
            dilations=(1, 1, 2, 4),
            strides=(1, 2, 1, 1),
            norm_cfg=norm_cfg,
            norm_eval=False,
            style='pytorch',
            contract_dilation=True,
        ),
        neck=dict(
            type='ASPPSENeck',
            in_channels=2048,
            channels=256,
            dilations=(1, 12, 24, 36),
            se_ratio=16,
            norm_cfg=norm_cfg,
        ),
    ),
    decode_head=dict(
        type='TransposedConvHead',
        in_channels=256,
        mid_channels=128,
        channels=64,
        upsample_factors=(2, 4),
        stage_dropout=0.1,
        dropout_ratio=0.1,
        num_classes=2,
        norm_cfg=norm_cfg,
        align_corners=False,
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0
        ),
    ),  # gamma of eq. 8
    masker=dict(
        block_size=8,
        feat_stride=8,
        strategy='edge_background',
        mask_ratio=0.5,
        mask_value=0.0,
    ),
    fusion='add',
    reconst_weight=1.0,  # alpha
    cons_weight=1.0,  # beta
    temperature=0.07,
    cons_reduction='mean',
    test_branch='teacher',
    train_cfg=dict(),
    test_cfg=dict(mode='whole'),
)
# Eq. 1: teacher = 0.996 teacher + 0.004 student after every iteration.
custom_hooks = [dict(type='TeacherEMAHook', momentum=0.996)]
