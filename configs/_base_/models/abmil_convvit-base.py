# InfMAE ConvViT-Base (Inf30 infrared images, masked image modelling) +
# gated ABMIL + BCE head (ABMIL landmine paper, Table 1 row 5); native
# 336x256 input, 16x16 effective patch. Weights: the released InfMAE
# pre-training checkpoint (its "model" entry; decoder keys are ignored).
pretrained = 'checkpoints/infmae_convvit-base.pth'
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ConvViT',
        arch='base',
        drop_path_rate=0.1,
        init_cfg=dict(type='Pretrained', checkpoint=pretrained),
    ),
    neck=dict(
        type='ABMILPooling', in_channels=768, hidden_channels=128, gated=True
    ),
    head=dict(type='BinaryLinearClsHead', in_channels=768),
)
