# Sec. V-C-3: channel concatenation + 1x1 convolution.
_base_ = '../mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py'
model = dict(fusion='concat')
