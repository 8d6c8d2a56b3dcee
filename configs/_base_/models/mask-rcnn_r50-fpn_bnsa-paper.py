# Mask R-CNN R50-FPN as the BNSA paper describes it (Wang & Ren 2025): Smooth
# L1 (eqs. 5-6) for the RPN and RoI box losses where mmdet 3 defaults to L1,
# mask BCE, four thermal classes; no weights named (nothing is downloaded).
_base_ = 'mmdet::_base_/models/mask-rcnn_r50_fpn.py'
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
