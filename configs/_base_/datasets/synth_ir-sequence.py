# Synthetic IR sky sequences with dim small targets (tools/make_synthetic.py
# --datasets ir_sequence): 640x512 single-channel 16-bit frames, video COCO
# annotations with two classes, target and interference. A sample is a key
# frame F1 with F2..F4 = the three frames before it (Zhao et al. 2024).
# Training: the differential input G = [F1-F2, F1-F3, F1-F4] (eq. 1), then
# an 80x80 chip around a target or, 25 % of the time, anywhere (section
# III-A). Testing: full frames.
dataset_type = 'IRSequenceDataset'
data_root = 'data/synthetic/ir_sequence/'
frame_offsets = (0, -1, -2, -3)
backend_args = None

train_pipeline = [
    dict(type='LoadSequenceFrames', backend_args=backend_args),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='SequenceDifference', mode='difference', normalize='robust'),
    dict(type='RandomTargetChip', size=80, background_ratio=0.25),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    dict(type='LoadSequenceFrames', backend_args=backend_args),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='SequenceDifference', mode='difference', normalize='robust'),
    dict(
        type='PackDetInputs',
        meta_keys=(
            'img_id',
            'img_path',
            'ori_shape',
            'img_shape',
            'video_id',
            'frame_id',
        ),
    ),
]
train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/train.json',
        data_prefix=dict(img='frames/'),
        frame_offsets=frame_offsets,
        pipeline=train_pipeline,
        backend_args=backend_args,
    ),
)
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/val.json',
        data_prefix=dict(img='frames/'),
        frame_offsets=frame_offsets,
        test_mode=True,
        pipeline=test_pipeline,
        backend_args=backend_args,
    ),
)
test_dataloader = val_dataloader

# P / R / F1 of the target class (eqs. 5-7), a detection matching a target
# whose centre is within 3 px.
val_evaluator = dict(
    type='DimTargetMetric',
    label=0,
    score_thr=0.5,
    rule='distance',
    max_distance=3.0,
)
test_evaluator = val_evaluator
