# The final model on FLIR ADAS v2 thermal images (paper Table 5, "Ours"); the
# data base says how to write its annotation files.
_base_ = [
    '../_base_/models/mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz.py',
    './_base_/bnsa-paper_100e_flir-v2.py',
]
model = dict(
    roi_head=dict(bbox_head=dict(num_classes=8), mask_head=dict(num_classes=8))
)
