# ABMIL landmine paper, Table 7 (MASATI, no inpainting): vit-b16 + ABMIL.
_base_ = [
    '../../_base_/models/abmil_vit-b16.py',
    '../_base_/abmil-paper_100e_synth-masati.py',
]
