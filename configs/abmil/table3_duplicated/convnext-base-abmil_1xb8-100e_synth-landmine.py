# ABMIL landmine paper, Tables 3-4 (duplicated train set): ConvNeXt-Base (IN21k) + ABMIL.
_base_ = [
    '../../_base_/models/abmil_convnext-base.py',
    '../_base_/abmil-paper_100e_synth-landmine.py',
]
