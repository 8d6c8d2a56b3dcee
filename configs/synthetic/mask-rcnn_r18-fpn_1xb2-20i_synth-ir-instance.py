# Tiny Mask R-CNN (ResNet-18 FPN, from scratch) on the synthetic thermal
# instance set: a 20-iteration smoke run of the mmdet stack, the 640x512
# frames read at 320x256 (a quarter of the pixels; 2 CPU cores).
_base_ = [
    'mmdet::_base_/models/mask-rcnn_r50_fpn.py',
    '../_base_/datasets/synth_ir-instance.py',
    '../_base_/schedules/iter_20.py',
    'mmdet::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.det'], allow_failed_imports=False)
# Backbone freezing (frozen_stages=1, norm_eval=True, the fine-tuning recipe)
# only with load_from or a pretrained backbone; from scratch every layer trains.
custom_hooks = [dict(type='PretrainedFreezeHook')]

img_scale = (320, 256)
train_pipeline = [
    dict(t, scale=img_scale) if t['type'] == 'Resize' else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, scale=img_scale) if t['type'] == 'Resize' else t
    for t in _base_.test_pipeline
]

model = dict(
    backbone=dict(depth=18, init_cfg=None),
    neck=dict(in_channels=[64, 128, 256, 512]),
    roi_head=dict(
        bbox_head=dict(num_classes=4), mask_head=dict(num_classes=4)
    ),
    # After 20 iterations from scratch no score reaches mmdet's 0.05; keep
    # every detection so the COCO metrics are computed (and near zero).
    test_cfg=dict(rcnn=dict(score_thr=0.0)),
)

optim_wrapper = dict(optimizer=dict(lr=0.02), clip_grad=dict(max_norm=35))
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=5),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=20),
)
# Iteration-based schedule: an endless sampler instead of epochs.
train_dataloader = dict(
    dataset=dict(pipeline=train_pipeline),
    sampler=dict(type='InfiniteSampler', shuffle=True),
)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
log_processor = dict(by_epoch=False)
