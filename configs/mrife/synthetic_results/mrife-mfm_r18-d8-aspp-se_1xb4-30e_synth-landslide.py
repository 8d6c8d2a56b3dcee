# Table IV row B+M on the CPU-sized recipe: no contrast (beta = 0).
_base_ = './mrife_r18-d8-aspp-se_1xb4-30e_synth-landslide.py'
model = dict(cons_weight=0.0)
