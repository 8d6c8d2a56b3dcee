# Fig. 5: EfficientNetV2-L (the paper's choice), as the best Table 2 model.
_base_ = '../table2_ablation/effnetv2-l_256-12b_mixup-cutmix-cosine-smote_50e_synth-multiband.py'  # noqa
