# Table 2 row 3: 20 bands (the 12 stored ones + 8 derived: NDVI, EVI2,
# VARI, REDR, NDWI, brightness, VV-VH of both orbits), Mixup + CutMix, no
# LR schedule.
_base_ = '../_base_/effnetv2-l_50e_synth-multiband.py'
bands = [
    'red',
    'green',
    'blue',
    'nir',
    'desc_vv',
    'desc_vh',
    'desc_diff_vv',
    'desc_diff_vh',
    'asc_vv',
    'asc_vh',
    'asc_diff_vv',
    'asc_diff_vh',
    'ndvi',
    'evi2',
    'vari',
    'redr',
    'ndwi',
    'brightness',
    'desc_vv_vh',
    'asc_vv_vh',
]
model = dict(
    data_preprocessor=dict(num_bands=20), backbone=dict(in_channels=20)
)
param_scheduler = []
train_dataloader = dict(dataset=dict(bands=bands))
test_dataloader = dict(dataset=dict(bands=bands))
val_dataloader = test_dataloader
extra_test_sets = dict(train=dict(bands=bands))
