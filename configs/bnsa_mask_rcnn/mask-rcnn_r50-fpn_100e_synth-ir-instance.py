# Mask R-CNN R50-FPN as the BNSA paper describes it (Smooth L1, eqs. 5-6, for
# the RPN and RoI box losses where mmdet 3 defaults to L1; mask BCE), with the
# paper's schedule (lr 0.001 with warm-up, 100 epochs) on the synthetic
# thermal instance set: the baseline of every table in configs/bnsa_mask_rcnn.
#
# Nothing is downloaded: the paper starts from COCO-pretrained Mask R-CNN, so
# pass a local checkpoint with --cfg-options load_from=/path/to/ckpt.pth, or
# ImageNet weights with model.backbone.init_cfg.checkpoint=/path/r50.pth.
_base_ = [
    'mmdet::_base_/models/mask-rcnn_r50_fpn.py',
    './_base_/bnsa-paper_100e_synth-ir-instance.py',
]

model = dict(
    backbone=dict(init_cfg=None),
    rpn_head=dict(
        loss_bbox=dict(
            _delete_=True, type='SmoothL1Loss', beta=1.0, loss_weight=1.0
        )
    ),
    roi_head=dict(
        bbox_head=dict(
            num_classes=4,
            loss_bbox=dict(
                _delete_=True, type='SmoothL1Loss', beta=1.0, loss_weight=1.0
            ),
        ),
        mask_head=dict(num_classes=4),
    ),
)
