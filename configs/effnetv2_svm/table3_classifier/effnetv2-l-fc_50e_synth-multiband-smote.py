# Table 3 "Baseline": the best Table 2 model (SMOTE) with its FC head.
_base_ = '../table2_ablation/effnetv2-l_256-12b_mixup-cutmix-cosine-smote_50e_synth-multiband.py'  # noqa
