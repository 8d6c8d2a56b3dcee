# Table VI: all three kinds; edge and interior blocks together are class 1.
_base_ = '../mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py'
model = dict(masker=dict(strategy='all'))
