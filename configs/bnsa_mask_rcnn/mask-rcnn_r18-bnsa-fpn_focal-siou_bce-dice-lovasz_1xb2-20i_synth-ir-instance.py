# The final BNSA model made tiny for `make demo` and tests: ResNet-18 from
# scratch, BNSA at C3+C4, Focal-SIoU on decoded boxes, BCE + Dice + 0.1
# Lovasz masks, 20 iterations on the synthetic thermal instance set.
_base_ = [
    '../synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py',
    '../_base_/models/bnsa-fpn_focal-siou_bce-dice-lovasz.py',
]
model = _base_.bnsa_final_changes
