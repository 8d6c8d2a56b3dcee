# ViT-B/16 (ImageNet-21k, supervised) + gated ABMIL over the patch tokens
# (class token excluded) + BCE head (ABMIL landmine paper, Table 1 row 3);
# 224x224 input. Weights: a local mmpretrain checkpoint (keys "backbone.*"),
# e.g. vit-base-p16_in21k-pre-3rdparty.
pretrained = 'checkpoints/vit-base-p16_in21k-pre-3rdparty_ft-64xb64_in1k-384_20210928-98e8652b.pth'
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='VisionTransformer', arch='b', img_size=224, patch_size=16,
        out_type='featmap', drop_rate=0.1,
        init_cfg=dict(type='Pretrained', checkpoint=pretrained,
                      prefix='backbone.')),
    neck=dict(type='ABMILPooling', in_channels=768, hidden_channels=128,
              gated=True),
    head=dict(type='BinaryLinearClsHead', in_channels=768))
