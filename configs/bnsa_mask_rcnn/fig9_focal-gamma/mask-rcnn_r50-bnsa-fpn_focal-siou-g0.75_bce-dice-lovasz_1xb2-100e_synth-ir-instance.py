# Fig. 9: the final model with Focal-SIoU gamma = 0.75 (eq. 12, IoU^gamma).
_base_ = [
    '../mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz_1xb2-100e_synth-ir-instance.py'
]
model = dict(roi_head=dict(bbox_head=dict(loss_bbox=dict(gamma=0.75))))
