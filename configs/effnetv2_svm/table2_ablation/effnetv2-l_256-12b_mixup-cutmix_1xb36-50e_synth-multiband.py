# Table 2 row 4: 12 bands, Mixup + CutMix, no LR schedule.
_base_ = '../_base_/effnetv2-l_50e_synth-multiband.py'
param_scheduler = []
