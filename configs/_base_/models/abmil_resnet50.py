# ResNet-50 (ImageNet-1k, supervised) + gated ABMIL pooling + one-logit BCE
# head (ABMIL landmine paper, Table 1 row 1). Pre-trained weights come from
# a local mmpretrain checkpoint (keys "backbone.*"), e.g. resnet50_8xb32_in1k;
# set init_cfg=None to train from scratch.
pretrained = 'checkpoints/resnet50_8xb32_in1k_20210831-ea4938fc.pth'
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ResNet',
        depth=50,
        num_stages=4,
        out_indices=(3,),
        style='pytorch',
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='backbone.'
        ),
    ),
    neck=dict(
        type='ABMILPooling', in_channels=2048, hidden_channels=128, gated=True
    ),
    head=dict(type='BinaryLinearClsHead', in_channels=2048),
)
