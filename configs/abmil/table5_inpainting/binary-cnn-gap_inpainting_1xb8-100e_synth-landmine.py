# ABMIL landmine paper, Tables 5-6 (inpainting-augmented train set): binary CNN of Edwards et al., 256x256, from scratch.
_base_ = [
    '../../_base_/models/binary-cnn.py',
    '../_base_/abmil-paper_100e_synth-landmine_input-256.py',
]
train_dataloader = dict(dataset=_base_.inpainting_train_set)
