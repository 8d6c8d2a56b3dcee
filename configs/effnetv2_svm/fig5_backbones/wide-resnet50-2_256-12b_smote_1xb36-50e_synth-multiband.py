# Fig. 5 (backbone comparison): Wide ResNet-50-2 (timm's; mmpretrain has none)
# with a 12-band stem in place of EfficientNetV2-L, everything else as the
# best Table 2 model (SMOTE, FC head). Built by timm through mmpretrain's
# TIMMBackbone, from scratch (no download).
_base_ = '../table2_ablation/effnetv2-l_256-12b_mixup-cutmix-cosine_smote_1xb36-50e_synth-multiband.py'  # noqa
model = dict(
    backbone=dict(
        _delete_=True,
        type='TIMMBackbone',
        model_name='wide_resnet50_2',
        in_channels=12,
        pretrained=False,
    ),
    head=dict(in_channels=2048),
)
