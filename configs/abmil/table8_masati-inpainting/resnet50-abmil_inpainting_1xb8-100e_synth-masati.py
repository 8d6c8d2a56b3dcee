# ABMIL landmine paper, Table 8 (MASATI, inpainting-augmented): resnet50 + ABMIL.
_base_ = [
    '../../_base_/models/abmil_resnet50.py',
    '../_base_/abmil-paper_100e_synth-masati.py',
]
train_dataloader = dict(dataset=_base_.inpainting_train_set)
