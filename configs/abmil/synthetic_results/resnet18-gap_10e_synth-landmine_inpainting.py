# Mean pooling on the inpainting-augmented train set.
_base_ = './resnet18-abmil_10e_synth-landmine_inpainting.py'
model = dict(neck=dict(_delete_=True, type='GlobalAveragePooling'))
