# Table 2 rows on 64x64 training chips (inference on full frames).
_base_ = '../../dim-target_darknet19_chip80_1xb16-100e_synth-ir-sequence.py'

backend_args = None
train_pipeline = [
    dict(type='LoadSequenceFrames', backend_args=backend_args),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='SequenceDifference', mode='difference', normalize='robust'),
    dict(type='RandomTargetChip', size=64, background_ratio=0.25),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
