# The BNSA paper's final model (Wang & Ren, Symmetry 2025): ResNet-50 + BNSA
# at C3 and C4 (BNSAFPN keeps FPN's parameter names), Focal-SIoU box loss
# (gamma 0.5) on decoded boxes, BCE + Dice + 0.1 Lovasz-Softmax mask loss.
_base_ = './mask-rcnn_r50-fpn_bnsa-paper.py'
model = dict(
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
