# Evidence experiment 4, box loss row "SIoU" (eqs. 7-11, neg_gamma=True) on
# decoded boxes, without the focal weight; the rest as the demo model.
_base_ = [
    '../../demo/mask-rcnn_r18-bnsa-fpn_focal-siou_bce-dice-lovasz_'
    '1xb2-300i_demo-ir-instance.py'
]
model = dict(
    roi_head=dict(
        bbox_head=dict(
            loss_bbox=dict(
                _delete_=True,
                type='SIoULoss',
                neg_gamma=True,
                loss_weight=10.0,
            )
        )
    )
)
