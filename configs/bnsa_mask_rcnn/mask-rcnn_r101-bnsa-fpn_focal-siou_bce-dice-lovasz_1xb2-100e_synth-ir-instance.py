# The final BNSA Mask R-CNN with a ResNet-101 backbone.
_base_ = [
    './mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz_1xb2-100e_synth-ir-instance.py'
]
model = dict(backbone=dict(depth=101))
