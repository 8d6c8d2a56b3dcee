# The MRIFE paper's data recipe on the synthetic relic-landslide tiles
# (tools/make_synthetic.py --datasets landslide_seg): 512x512 RGB, 6:2:2
# split, histogram equalization, horizontal/vertical flips and rotation,
# batch 4, 4 workers (Table II). Metrics: PA, precision, recall, F1,
# landslide IoU, mIoU (eqs. 9-14).
dataset_type = 'LandslideDataset'
data_root = 'data/synthetic/landslide_seg/'
img_scale = (512, 512)

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
train_dataloader = dict(
    batch_size=4,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img_path='img_dir/train', seg_map_path='ann_dir/train'),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img_path='img_dir/val', seg_map_path='ann_dir/val'),
        pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img_path='img_dir/test', seg_map_path='ann_dir/test'),
        pipeline=test_pipeline))
val_evaluator = dict(type='BinarySegMetric')
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
