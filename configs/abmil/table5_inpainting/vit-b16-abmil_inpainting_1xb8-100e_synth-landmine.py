# ABMIL landmine paper, Tables 5-6 (inpainting-augmented train set): ViT-B/16 (IN21k) + ABMIL, 224x224.
_base_ = [
    '../../_base_/models/abmil_vit-b16.py',
    '../_base_/abmil-paper_100e_synth-landmine_input-224.py',
]
train_dataloader = dict(dataset=_base_.inpainting_train_set)
