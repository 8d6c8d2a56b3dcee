# ABMIL landmine paper, Tables 5-6 (inpainting-augmented train set): InfMAE ConvViT-Base + ABMIL.
_base_ = [
    '../../_base_/models/abmil_convvit-base.py',
    '../_base_/abmil-paper_100e_synth-landmine.py',
]
train_dataloader = dict(dataset=_base_.inpainting_train_set)
