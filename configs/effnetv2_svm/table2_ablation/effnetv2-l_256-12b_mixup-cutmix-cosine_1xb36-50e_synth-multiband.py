# Table 2 row 6: Mixup + CutMix, cosine annealing, standard scaling (the
# shared base as it is).
_base_ = '../_base_/effnetv2-l_50e_synth-multiband.py'
