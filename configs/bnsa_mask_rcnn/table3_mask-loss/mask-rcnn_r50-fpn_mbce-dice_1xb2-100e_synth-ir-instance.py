# Table 3, row "MBCE Loss + Dice Loss".
_base_ = ['../mask-rcnn_r50-fpn_1xb2-100e_synth-ir-instance.py']
model = dict(
    roi_head=dict(
        mask_head=dict(
            loss_mask=dict(
                _delete_=True,
                type='MaskBCEDiceLovaszLoss',
                bce_weight=1.0,
                dice_weight=1.0,
                lovasz_weight=0.0,
            )
        )
    )
)
