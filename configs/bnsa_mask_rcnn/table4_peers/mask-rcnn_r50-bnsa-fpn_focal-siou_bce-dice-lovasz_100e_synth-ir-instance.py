# Table 4, row "Ours": BNSA at C3+C4, Focal-SIoU, BCE + Dice + Lovasz.
_base_ = [
    '../mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz_100e_synth-ir-instance.py'
]
