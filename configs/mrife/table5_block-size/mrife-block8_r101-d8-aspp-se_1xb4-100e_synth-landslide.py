# Table V: 8x8 mask blocks (the default; one block = one feature point).
_base_ = '../mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py'
model = dict(masker=dict(block_size=8))
