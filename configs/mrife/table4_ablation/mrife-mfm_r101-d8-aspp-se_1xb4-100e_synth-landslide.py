# Table IV, row B+M: masked feature modeling only (no contrast, beta = 0).
_base_ = '../mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py'
model = dict(cons_weight=0.0)
