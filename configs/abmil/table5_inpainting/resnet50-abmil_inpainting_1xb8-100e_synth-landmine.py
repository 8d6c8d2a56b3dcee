# ABMIL landmine paper, Tables 5-6 (inpainting-augmented train set): ResNet-50 (IN1k) + ABMIL.
_base_ = [
    '../../_base_/models/abmil_resnet50.py',
    '../_base_/abmil-paper_100e_synth-landmine.py',
]
train_dataloader = dict(dataset=_base_.inpainting_train_set)
