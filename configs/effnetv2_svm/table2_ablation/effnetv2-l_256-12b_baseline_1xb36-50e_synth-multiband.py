# Table 2 "Baseline": 256, 12 bands, no Mixup/CutMix, no LR schedule,
# standard scaling, no SMOTE.
_base_ = '../_base_/effnetv2-l_50e_synth-multiband.py'
model = dict(train_cfg=None)
param_scheduler = []
