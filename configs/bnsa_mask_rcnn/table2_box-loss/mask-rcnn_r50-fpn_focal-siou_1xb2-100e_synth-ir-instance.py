# Table 2, row "Focal_SIoU Loss", on decoded boxes.
_base_ = ['../mask-rcnn_r50-fpn_1xb2-100e_synth-ir-instance.py']
model = dict(
    roi_head=dict(
        bbox_head=dict(
            reg_decoded_bbox=True,
            loss_bbox=dict(
                _delete_=True,
                type='FocalIoULoss',
                iou_loss=dict(type='SIoULoss'),
                gamma=0.5,
                loss_weight=10.0,
            ),
        )
    )
)
