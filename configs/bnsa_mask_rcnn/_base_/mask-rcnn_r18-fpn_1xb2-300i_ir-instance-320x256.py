# The CPU-sized Mask R-CNN recipe of the demo and the evidence experiment:
# stock Mask R-CNN (FPN, L1 box and cross-entropy mask losses) with a
# ResNet-18 from scratch at 320x256, batch 2, SGD 0.01 with a warm-up and
# cosine over `max_iters`, mmdet's test thresholds. Sized for 2 CPU cores
# and small objects (median side 21 px on the demo scenes): 16 px anchors
# at P2 (scale 4), 300 RPN proposals and 128 sampled RoIs per image in
# training, RoIAlign with 2 samples per bin (mmcv's adaptive sampling is
# the CPU run's main cost on large RoIs).
_base_ = [
    'mmdet::_base_/models/mask-rcnn_r50_fpn.py',
    '../../_base_/datasets/synth_ir-instance.py',
    '../../_base_/schedules/iter_20.py',
    'mmdet::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.det'], allow_failed_imports=False)
# Backbone freezing (frozen_stages=1, norm_eval=True, the fine-tuning recipe)
# only with load_from or a pretrained backbone; from scratch every layer trains.
custom_hooks = [dict(type='PretrainedFreezeHook')]

max_iters = 300
img_scale = (320, 256)
train_pipeline = [
    dict(t, scale=img_scale) if t['type'] == 'Resize' else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, scale=img_scale) if t['type'] == 'Resize' else t
    for t in _base_.test_pipeline
]
roi_layer = dict(type='RoIAlign', sampling_ratio=2)
model = dict(
    backbone=dict(depth=18, init_cfg=None),
    neck=dict(in_channels=[64, 128, 256, 512]),
    rpn_head=dict(anchor_generator=dict(scales=[4])),
    roi_head=dict(
        bbox_roi_extractor=dict(roi_layer=dict(roi_layer, output_size=7)),
        mask_roi_extractor=dict(roi_layer=dict(roi_layer, output_size=14)),
        bbox_head=dict(num_classes=4),
        mask_head=dict(num_classes=4),
    ),
    train_cfg=dict(
        rpn_proposal=dict(max_per_img=300), rcnn=dict(sampler=dict(num=128))
    ),
    test_cfg=dict(rcnn=dict(score_thr=0.05)),
)
optim_wrapper = dict(optimizer=dict(lr=0.01), clip_grad=dict(max_norm=35))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=30),
    dict(
        type='CosineAnnealingLR',
        by_epoch=False,
        begin=30,
        end=max_iters,
        T_max=max_iters - 30,
        eta_min=2e-4,
    ),
]
train_dataloader = dict(
    batch_size=2,
    dataset=dict(pipeline=train_pipeline),
    num_workers=1,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=10),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=max_iters),
)
log_processor = dict(by_epoch=False)
# the mask columns of the paper's tables (tools/run_grid.py, tools/evidence.py)
table_columns = {
    'mAP': 'coco/segm_mAP',
    'mAP@50': 'coco/segm_mAP_50',
    'mAP@75': 'coco/segm_mAP_75',
    'mAPs': 'coco/segm_mAP_s',
    'box mAP': 'coco/bbox_mAP',
    'box mAP@75': 'coco/bbox_mAP_75',
}
