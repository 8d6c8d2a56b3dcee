# What the BNSA paper's final model changes in a stock Mask R-CNN (Wang &
# Ren, Symmetry 2025): BNSA at C3 and C4 (BNSAFPN keeps FPN's parameter
# names), Focal-SIoU box loss (gamma 0.5, eq. 12) on decoded boxes, BCE +
# Dice + 0.1 Lovasz-Softmax mask loss. A fragment: a config lists it beside
# its Mask R-CNN base and writes `model = _base_.bnsa_final_changes`
# (mmengine refuses a `model` key that two sibling bases define).
bnsa_final_changes = dict(
    neck=dict(type='BNSAFPN', bnsa_levels=(1, 2)),
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
        ),
        mask_head=dict(
            loss_mask=dict(
                _delete_=True,
                type='MaskBCEDiceLovaszLoss',
                bce_weight=1.0,
                dice_weight=1.0,
                lovasz_weight=0.1,
            )
        ),
    ),
)
