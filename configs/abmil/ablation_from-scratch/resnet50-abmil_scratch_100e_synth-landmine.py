# ABMIL landmine paper, 4.4 (Fig. 12): ABMIL trained from scratch (no
# pre-trained weights), inpainting-augmented train set.
_base_ = '../table5_inpainting/resnet50-abmil_100e_synth-landmine.py'
model = dict(backbone=dict(init_cfg=None))
