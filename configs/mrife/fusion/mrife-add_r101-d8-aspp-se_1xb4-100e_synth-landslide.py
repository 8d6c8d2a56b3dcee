# Sec. V-C-3: point-to-point addition of the two branches (default).
_base_ = '../mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py'
model = dict(fusion='add')
