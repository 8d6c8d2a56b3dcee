# make demo (tools/demo.py): the BNSA Mask R-CNN (BNSA at C3+C4, Focal-SIoU
# boxes, BCE + Dice + 0.1 Lovasz masks) with ResNet-18 from scratch on the
# demo thermal scenes (data/demo/ir_instance: 80 training and 20 test
# images, 320x256); the CPU-sized recipe (300 iterations of batch 2) is
# the base's.
_base_ = [
    '../bnsa_mask_rcnn/_base_/mask-rcnn_r18-fpn_1xb2-300i_ir-instance-320x256.py'
]
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
