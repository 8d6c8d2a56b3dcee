# Table 5, row "Mask R-CNN" (FLIR ADAS v2): the stock model of
# ../mask-rcnn_r50-fpn_1xb2-100e_synth-ir-instance.py on FLIR v2.
_base_ = [
    '../../_base_/models/mask-rcnn_r50-fpn_bnsa-paper.py',
    '../_base_/bnsa-paper_100e_flir-v2.py',
]
model = dict(
    roi_head=dict(bbox_head=dict(num_classes=8), mask_head=dict(num_classes=8))
)
