# ConvNeXt-Base (ImageNet-21k, supervised) + gated ABMIL + BCE head (ABMIL
# landmine paper, Table 1 row 2). Weights: a local mmpretrain checkpoint
# (keys "backbone.*"), e.g. convnext-base_3rdparty_in21k.
pretrained = 'checkpoints/convnext-base_3rdparty_in21k_20220124-13b83eec.pth'
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ConvNeXt',
        arch='base',
        out_indices=(3,),
        drop_path_rate=0.1,
        gap_before_final_norm=False,
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='backbone.'
        ),
    ),
    neck=dict(
        type='ABMILPooling', in_channels=1024, hidden_channels=128, gated=True
    ),
    head=dict(type='BinaryLinearClsHead', in_channels=1024),
)
