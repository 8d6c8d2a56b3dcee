# Table V: 16x16 mask blocks (each covers 2x2 feature points; thresholds
# scale to < 10 % / > 90 % of 256 pixels).
_base_ = '../mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py'
model = dict(masker=dict(block_size=16))
