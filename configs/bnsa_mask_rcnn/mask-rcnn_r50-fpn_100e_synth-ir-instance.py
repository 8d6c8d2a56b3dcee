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
    '../_base_/datasets/synth_ir-instance.py',
    'mmdet::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.det'], allow_failed_imports=False)

model = dict(
    backbone=dict(init_cfg=None),
    rpn_head=dict(loss_bbox=dict(_delete_=True, type='SmoothL1Loss', beta=1.0,
                                 loss_weight=1.0)),
    roi_head=dict(
        bbox_head=dict(
            num_classes=4,
            loss_bbox=dict(_delete_=True, type='SmoothL1Loss', beta=1.0,
                           loss_weight=1.0)),
        mask_head=dict(num_classes=4)))

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=100, val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0,
         end=500),
]
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.001, momentum=0.9, weight_decay=0.0001))
default_hooks = dict(checkpoint=dict(type='CheckpointHook', interval=10,
                                     max_keep_ckpts=3))
auto_scale_lr = dict(enable=False, base_batch_size=16)
