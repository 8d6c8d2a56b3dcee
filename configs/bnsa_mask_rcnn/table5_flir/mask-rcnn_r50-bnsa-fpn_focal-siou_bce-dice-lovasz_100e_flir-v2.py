# Table 5, row "Ours" (FLIR ADAS v2).
_base_ = [
    '../mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz_100e_flir-v2.py'
]
