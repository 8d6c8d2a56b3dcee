# The MRIFE data recipe (./synth-landslide_he-flip-rot.py) at 256x256 inputs
# and one loader worker: the CPU-sized synthetic results
# (configs/mrife/synthetic_results). It inherits the dataset directly, so a
# results row is at most four files deep.
_base_ = '../../_base_/datasets/synth_landslide.py'

img_scale = (256, 256)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='HistogramEqualize', mode='channel'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandomFlip', prob=0.5, direction='vertical'),
    dict(type='RandomRotate', prob=0.5, degree=30, seg_pad_val=255),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='HistogramEqualize', mode='channel'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]
loader = dict(num_workers=1, persistent_workers=True)
train_dataloader = dict(
    batch_size=4,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(pipeline=train_pipeline),
    **loader,
)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline), **loader)
test_dataloader = val_dataloader
val_evaluator = dict(_delete_=True, type='BinarySegMetric')
test_evaluator = val_evaluator
table_columns = {
    'PA': 'PA',
    'Precision': 'Precision',
    'Recall': 'Recall',
    'l-IoU': 'lIoU',
    'mIoU': 'mIoU',
    'F1-score': 'F1',
}
