# ABMIL landmine paper, Tables 3-4 (duplicated train set): ViT-B/16 (IN21k) + ABMIL, 224x224.
_base_ = [
    '../../_base_/models/abmil_vit-b16.py',
    '../_base_/abmil-paper_100e_synth-landmine_input-224.py',
]
