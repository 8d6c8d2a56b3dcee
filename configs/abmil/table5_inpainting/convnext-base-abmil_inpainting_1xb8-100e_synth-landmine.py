# ABMIL landmine paper, Tables 5-6 (inpainting-augmented train set): ConvNeXt-Base (IN21k) + ABMIL.
_base_ = [
    '../../_base_/models/abmil_convnext-base.py',
    '../_base_/abmil-paper_100e_synth-landmine.py',
]
train_dataloader = dict(dataset=_base_.inpainting_train_set)
