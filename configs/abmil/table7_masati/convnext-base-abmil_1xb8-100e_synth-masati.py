# ABMIL landmine paper, Table 7 (MASATI, no inpainting): convnext-base + ABMIL.
_base_ = [
    '../../_base_/models/abmil_convnext-base.py',
    '../_base_/abmil-paper_100e_synth-masati.py',
]
