# Table 5, row "Mask R-CNN" (FLIR ADAS v2): the final model's data with the
# stock neck and losses of ../mask-rcnn_r50-fpn_100e_synth-ir-instance.py.
_base_ = [
    '../mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz_100e_flir-v2.py'
]
model = dict(
    neck=dict(
        type='FPN',
        _delete_=True,
        in_channels=[256, 512, 1024, 2048],
        out_channels=256,
        num_outs=5,
    ),
    roi_head=dict(
        bbox_head=dict(
            reg_decoded_bbox=False,
            loss_bbox=dict(
                _delete_=True, type='SmoothL1Loss', beta=1.0, loss_weight=1.0
            ),
        ),
        mask_head=dict(
            loss_mask=dict(
                _delete_=True,
                type='CrossEntropyLoss',
                use_mask=True,
                loss_weight=1.0,
            )
        ),
    ),
)
