# ABMIL landmine paper, Table 8 (MASATI, inpainting-augmented): convnext-base + ABMIL.
_base_ = [
    '../../_base_/models/abmil_convnext-base.py',
    '../_base_/abmil-paper_100e_synth-masati.py',
]
train_dataloader = dict(dataset=_base_.inpainting_train_set)
