# ViT-B/16 (ImageNet-21k, supervised) + gated ABMIL over the patch tokens
# (class token excluded) + BCE head (ABMIL landmine paper, Table 1 row 3);
# 224x224 input. Weights: ImageNet-21k only, as the paper (not mmpretrain's
# IN-21k -> IN-1k fine-tuned file): timm's vit_base_patch16_224.augreg_in21k
# converted by tools/model_converters/timm_vit_to_mmpretrain.py (keys
# "backbone.*"; see configs/abmil/README.md).
pretrained = 'checkpoints/vit-base-p16_in21k-augreg_timm.pth'
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='VisionTransformer',
        arch='b',
        img_size=224,
        patch_size=16,
        out_type='featmap',
        drop_rate=0.1,
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='backbone.'
        ),
    ),
    neck=dict(
        type='ABMILPooling', in_channels=768, hidden_channels=128, gated=True
    ),
    head=dict(type='BinaryLinearClsHead', in_channels=768),
)
