# ABMIL landmine paper, Tables 3-4 (duplicated train set): InfMAE ConvViT-Base + ABMIL.
_base_ = [
    '../../_base_/models/abmil_convvit-base.py',
    '../_base_/abmil-paper_100e_synth-landmine.py',
]
