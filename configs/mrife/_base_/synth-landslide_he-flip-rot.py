# The MRIFE paper's data recipe on the synthetic relic-landslide tiles
# (tools/make_synthetic.py --datasets landslide_seg): 512x512 RGB, 6:2:2
# split, histogram equalization, horizontal/vertical flips and rotation,
# batch 4, 4 workers (Table II). Metrics: PA, precision, recall, F1,
# landslide IoU, mIoU (eqs. 9-14).
_base_ = '../../_base_/datasets/synth_landslide.py'

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='HistogramEqualize', mode='channel'),
    dict(type='Resize', scale={{_base_.img_scale}}, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandomFlip', prob=0.5, direction='vertical'),
    dict(type='RandomRotate', prob=0.5, degree=30, seg_pad_val=255),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='HistogramEqualize', mode='channel'),
    dict(type='Resize', scale={{_base_.img_scale}}, keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]
loader = dict(num_workers=4, persistent_workers=True)
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
# Columns of the paper's Table III in grid tables (tools/run_grid.py).
table_columns = {
    'PA': 'PA',
    'Precision': 'Precision',
    'Recall': 'Recall',
    'l-IoU': 'lIoU',
    'mIoU': 'mIoU',
    'F1-score': 'F1',
}
