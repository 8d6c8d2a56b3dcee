# ABMIL landmine paper, Tables 3-4 (duplicated train set): ResNet-50 (IN1k) + ABMIL.
_base_ = [
    '../../_base_/models/abmil_resnet50.py',
    '../_base_/abmil-paper_100e_synth-landmine.py',
]
