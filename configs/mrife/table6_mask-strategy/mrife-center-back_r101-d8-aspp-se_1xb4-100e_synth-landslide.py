# Table VI: interior ("center") blocks against background.
_base_ = '../mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py'
model = dict(masker=dict(strategy='interior_background'))
