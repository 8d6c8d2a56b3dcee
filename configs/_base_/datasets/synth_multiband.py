# Synthetic multi-band landslide patches (tools/make_synthetic.py
# --datasets multiband): 12 Zindi bands, train.csv / test.csv of id,label.
# The arrays are scaled per band in the model's MultiBandDataPreprocessor
# with statistics of the training split (BandStatsHook).
dataset_type = 'MultiBandDataset'
data_root = 'data/synthetic/multiband/'
bands = [
    'red',
    'green',
    'blue',
    'nir',
    'desc_vv',
    'desc_vh',
    'desc_diff_vv',
    'desc_diff_vh',
    'asc_vv',
    'asc_vh',
    'asc_diff_vv',
    'asc_diff_vh',
]
img_size = 256

# Online augmentation (paper section 3, "bag of freebies"): colour
# (noise, contrast, RGB brightness/saturation), geometry (shift, shear,
# rotation, flips); Mixup/CutMix are batch augments of the model.
train_pipeline = [
    dict(type='LoadMultiBandImage'),
    dict(type='Resize', scale=(img_size, img_size)),
    dict(type='RandomBandNoise', sigma=0.05, prob=0.5),
    dict(type='RandomBandContrast', magnitude=0.2, prob=0.5),
    dict(type='RandomRGBJitter', brightness=0.2, saturation=0.2, prob=0.5),
    dict(
        type='RandomBandAffine',
        max_rotate=30,
        max_shear=10,
        max_shift=0.1,
        prob=0.5,
    ),
    dict(
        type='RandomFlip',
        prob=[0.25, 0.25],
        direction=['horizontal', 'vertical'],
    ),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadMultiBandImage'),
    dict(type='Resize', scale=(img_size, img_size)),
    dict(type='PackInputs'),
]
train_dataloader = dict(
    batch_size=36,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        bands=bands,
        ann_file='train.csv',
        pipeline=train_pipeline,
    ),
)
test_dataloader = dict(
    batch_size=36,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        bands=bands,
        ann_file='test.csv',
        pipeline=test_pipeline,
    ),
)
val_dataloader = test_dataloader
# k-fold runs (tools/kfold.py, run_grid.py --kfold 5) split train.csv
# (stratified); test.csv stays the held-out "public test set", which every
# fold model also predicts (the paper's Test F1: each fold and the ensemble).
kfold_ann_file = 'train.csv'
kfold_heldout_test = True
val_evaluator = [
    dict(type='BinaryClassMetric'),
    dict(type='Accuracy', topk=(1,)),
]
test_evaluator = val_evaluator
# Train F1 of the paper's tables: the training split through the test
# pipeline, tested by the grid runner next to the test set.
extra_test_sets = dict(
    train=dict(
        type=dataset_type,
        data_root=data_root,
        bands=bands,
        ann_file='train.csv',
        pipeline=test_pipeline,
    )
)
