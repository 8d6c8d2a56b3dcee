# ABMIL landmine paper, Table 7 (MASATI, no inpainting): openclip-vit-b16 + ABMIL.
_base_ = [
    '../../_base_/models/abmil_openclip-vit-b16.py',
    '../_base_/abmil-paper_100e_synth-masati.py',
]
