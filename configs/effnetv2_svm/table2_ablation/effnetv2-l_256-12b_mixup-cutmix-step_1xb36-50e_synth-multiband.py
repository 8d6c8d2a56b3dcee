# Table 2 row 5: Mixup + CutMix, step LR (x0.1 at epochs 30 and 40; the
# paper does not give its steps).
_base_ = '../_base_/effnetv2-l_50e_synth-multiband.py'
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[30, 40], gamma=0.1)
]
