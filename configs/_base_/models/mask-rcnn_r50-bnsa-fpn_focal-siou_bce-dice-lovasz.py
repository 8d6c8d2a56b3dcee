# The BNSA paper's final model (Wang & Ren, Symmetry 2025): ResNet-50 + BNSA
# at C3 and C4 (BNSAFPN keeps FPN's parameter names), Focal-SIoU box loss
# (gamma 0.5) on decoded boxes, BCE + Dice + 0.1 Lovasz-Softmax mask loss.
_base_ = [
    './mask-rcnn_r50-fpn_bnsa-paper.py',
    './bnsa-fpn_focal-siou_bce-dice-lovasz.py',
]
model = _base_.bnsa_final_changes
