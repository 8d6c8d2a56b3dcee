# ABMIL landmine paper, Table 8 (MASATI, inpainting-augmented): openclip-vit-b16 + ABMIL.
_base_ = [
    '../../_base_/models/abmil_openclip-vit-b16.py',
    '../_base_/abmil-paper_100e_synth-masati.py',
]
train_dataloader = dict(dataset=_base_.inpainting_train_set)
