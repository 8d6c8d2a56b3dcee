# ABMIL landmine paper, Table 7 (MASATI, no inpainting): resnet50 + ABMIL.
_base_ = [
    '../../_base_/models/abmil_resnet50.py',
    '../_base_/abmil-paper_100e_synth-masati.py',
]
