# Table 2 row 7: as row 6 with robust scaling (median, IQR).
_base_ = '../_base_/effnetv2-l_50e_synth-multiband.py'
model = dict(data_preprocessor=dict(scaling='robust'))
