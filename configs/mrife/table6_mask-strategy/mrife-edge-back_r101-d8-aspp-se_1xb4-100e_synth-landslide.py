# Table VI: mask and contrast edge blocks against background (default).
_base_ = '../mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py'
model = dict(masker=dict(strategy='edge_background'))
