# ABMIL landmine paper, 4.4 (Fig. 12): ABMIL trained from scratch (no
# pre-trained weights), inpainting-augmented train set.
_base_ = [
    '../../_base_/models/abmil_resnet50.py',
    '../_base_/abmil-paper_100e_synth-landmine.py',
]
train_dataloader = dict(dataset=_base_.inpainting_train_set)
model = dict(backbone=dict(init_cfg=None))
