# Fig. 6 (b): with self-distillation, EMA teacher, lambda = 0.996.
_base_ = '../mrife_r101-d8-aspp-se_100e_synth-landslide.py'
