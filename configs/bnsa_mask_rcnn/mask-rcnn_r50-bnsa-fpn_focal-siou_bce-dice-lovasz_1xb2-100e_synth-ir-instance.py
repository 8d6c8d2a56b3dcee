# BNSA Mask R-CNN, the paper's final model (Wang & Ren, Symmetry 2025):
# ResNet-50 + BNSA at C3 and C4, Focal-SIoU box loss (gamma 0.5) on decoded
# boxes, BCE + Dice + 0.1 Lovasz mask loss; lr 0.001 with warm-up, 100 epochs.
_base_ = [
    '../_base_/models/mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz.py',
    './_base_/bnsa-paper_100e_synth-ir-instance.py',
]
