# Evidence experiment 4, box loss row "Smooth L1" (Table 2's stock loss:
# mmdet's L1 on the box deltas); BNSA and the mask loss as the demo model.
_base_ = [
    '../../demo/mask-rcnn_r18-bnsa-fpn_focal-siou_bce-dice-lovasz_'
    '1xb2-300i_demo-ir-instance.py'
]
model = dict(
    roi_head=dict(
        bbox_head=dict(
            reg_decoded_bbox=False,
            loss_bbox=dict(_delete_=True, type='L1Loss', loss_weight=1.0),
        )
    )
)
