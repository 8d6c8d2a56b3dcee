# Fig. 12: DarkNet-19 trained and tested on the raw 4-frame stack F1..F4 (4 channels).
_base_ = '../dim-target_darknet19_chip80_1xb16-100e_synth-ir-sequence.py'

backend_args = None
input_mode = 'stack'
train_pipeline = [
    dict(type='LoadSequenceFrames', backend_args=backend_args),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='SequenceDifference', mode=input_mode, normalize='robust'),
    dict(type='RandomTargetChip', size=80, background_ratio=0.25),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    dict(type='LoadSequenceFrames', backend_args=backend_args),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='SequenceDifference', mode=input_mode, normalize='robust'),
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
model = dict(backbone=dict(in_channels=4))
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
