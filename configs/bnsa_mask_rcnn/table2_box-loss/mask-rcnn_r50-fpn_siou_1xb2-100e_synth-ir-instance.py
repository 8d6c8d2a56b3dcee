# Table 2, row "SIoU Loss (eqs. 7-11, neg_gamma=True)", on decoded boxes.
_base_ = ['../mask-rcnn_r50-fpn_1xb2-100e_synth-ir-instance.py']
model = dict(
    roi_head=dict(
        bbox_head=dict(
            reg_decoded_bbox=True,
            loss_bbox=dict(
                _delete_=True,
                type='SIoULoss',
                neg_gamma=True,
                loss_weight=10.0,
            ),
        )
    )
)
