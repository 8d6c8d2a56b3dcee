# make demo (tools/demo.py): the BNSA Mask R-CNN (BNSA at C3+C4, Focal-SIoU
# boxes, BCE + Dice + 0.1 Lovasz masks) with ResNet-18 from scratch on the
# demo thermal scenes (data/demo/ir_instance: 80 training and 20 test
# images, 320x256), batch 2, SGD 0.01 with a warm-up and cosine over
# `max_iters`; mmdet's test thresholds. Sized for 2 CPU cores and the
# scenes' small objects (median side 21 px): 16 px anchors at P2 (scale
# 4), 300 RPN proposals and 128 sampled RoIs per image in training,
# RoIAlign with 2 samples per bin (mmcv's adaptive sampling is the CPU
# run's main cost on large RoIs).
_base_ = [
    '../bnsa_mask_rcnn/mask-rcnn_r18-bnsa-fpn_focal-siou_bce-dice-lovasz_'
    '1xb2-20i_synth-ir-instance.py',
]
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
    rpn_head=dict(anchor_generator=dict(scales=[4])),
    roi_head=dict(
        bbox_roi_extractor=dict(roi_layer=dict(roi_layer, output_size=7)),
        mask_roi_extractor=dict(roi_layer=dict(roi_layer, output_size=14)),
    ),
    train_cfg=dict(
        rpn_proposal=dict(max_per_img=300), rcnn=dict(sampler=dict(num=128))
    ),
    test_cfg=dict(rcnn=dict(score_thr=0.05)),
)
optim_wrapper = dict(optimizer=dict(lr=0.01))
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
    checkpoint=dict(by_epoch=False, interval=max_iters),
    logger=dict(interval=10),
)
log_processor = dict(by_epoch=False)
