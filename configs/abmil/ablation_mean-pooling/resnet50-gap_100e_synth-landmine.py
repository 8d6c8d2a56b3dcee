# ABMIL landmine paper, 4.4 (Fig. 11): mean pooling instead of ABMIL,
# pre-trained weights, inpainting-augmented train set.
_base_ = '../table5_inpainting/resnet50-abmil_100e_synth-landmine.py'
model = dict(neck=dict(_delete_=True, type='GlobalAveragePooling'))
