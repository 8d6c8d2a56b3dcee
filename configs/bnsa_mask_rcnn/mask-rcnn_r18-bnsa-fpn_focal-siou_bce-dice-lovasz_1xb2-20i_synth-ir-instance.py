# The final BNSA model made tiny for `make demo` and tests: ResNet-18 from
# scratch, BNSA at C3+C4, Focal-SIoU on decoded boxes, BCE + Dice + 0.1
# Lovasz masks, 20 iterations on the synthetic thermal instance set.
_base_ = ['../synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py']
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
