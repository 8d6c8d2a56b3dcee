# Fig. 5 (backbone comparison): RegNetX-4.0GF with a 12-band stem in place of
# EfficientNetV2-L, everything else as the best Table 2 model (SMOTE, FC
# head).
_base_ = '../table2_ablation/effnetv2-l_256-12b_mixup-cutmix-cosine_smote_1xb36-50e_synth-multiband.py'  # noqa
model = dict(
    backbone=dict(
        _delete_=True, type='RegNet', arch='regnetx_4.0gf', in_channels=12
    ),
    head=dict(in_channels=1360),
)
