# What every row of the ABMIL landmine paper's tables shares: the data
# (k-fold: all labelled images, split by tools/kfold.py or run_grid.py
# --kfold 5), the "duplicated train set" (negatives repeated to match the
# positives), the augmentation of the paper's Table 2, its schedule (AdamW 1e-4, cosine,
# 10-epoch warm-up, 100 epochs, batch 8), its metrics (precision, recall, F1
# of the positive class) and the spurious-feature test set: the inpainted,
# landmine-free copies of the test positives. Prepare DATA_ROOT with
#   python tools/dataset_converters/legbreaker.py DATA_ROOT
#   python tools/dataset_converters/inpaint_boxes.py DATA_ROOT \
#       --ann-file mmir_ann/all.txt
# (make data does both for the synthetic set).
_base_ = [
    '../../_base_/schedules/adamw-lr1e-4-cosine-warmup10_100e.py',
    'mmpretrain::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.cls'], allow_failed_imports=False)

dataset_type = 'LandmineDataset'
data_root = 'data/synthetic/landmine/'
# (h, w) of every resize and crop below: the native R-JPG size; the
# _input-224/_input-256 bases set it for ViT/OpenCLIP and the binary CNN.
crop_size = (256, 336)

data_preprocessor = dict(
    num_classes=2,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True,
)
# Paper Table 2 (torchvision transforms, through mmpretrain's wrappers).
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='NumpyToPIL', to_rgb=True),
    dict(type='torchvision/Resize', size=crop_size),
    dict(type='torchvision/RandomHorizontalFlip', p=0.5),
    dict(type='torchvision/RandomVerticalFlip', p=0.5),
    dict(
        type='torchvision/RandomResizedCrop', size=crop_size, scale=(0.9, 1.0)
    ),
    dict(type='torchvision/RandomRotation', degrees=45),
    dict(type='torchvision/ColorJitter', brightness=0.1, contrast=0.1),
    dict(type='PILToNumpy', to_bgr=True),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='NumpyToPIL', to_rgb=True),
    dict(type='torchvision/Resize', size=crop_size),
    dict(type='PILToNumpy', to_bgr=True),
    dict(type='PackInputs'),
]
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='DuplicateBalancedDataset',
        dataset=dict(
            type=dataset_type,
            data_root=data_root,
            ann_file='mmir_ann/train.txt',
            data_prefix='',
            pipeline=train_pipeline,
        ),
    ),
)
val_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='mmir_ann/val.txt',
        data_prefix='',
        pipeline=test_pipeline,
    ),
)
test_dataloader = val_dataloader
# k-fold runs (tools/kfold.py, run_grid.py --kfold) split every labelled
# image; plain tools/train.py trains on train.txt, tests on val.txt (lists
# of tools/dataset_converters/legbreaker.py: mixed negatives cropped).
kfold_ann_file = 'mmir_ann/all.txt'
val_evaluator = [
    dict(type='BinaryClassMetric'),
    dict(type='Accuracy', topk=(1,)),
]
test_evaluator = val_evaluator

# The "inpainting-augmented train set" (paper 3.3): the real negatives, the
# positives and the inpainted copies of the training positives (k-fold: of
# the fold's training part only) as extra negatives, no duplication. A row
# selects it with ``train_dataloader = dict(dataset=_base_.inpainting_train_set)``
# (the wrapper replaces DuplicateBalancedDataset around the same dataset).
inpainting_train_set = dict(
    type='InpaintedNegativesDataset',
    mode='augment',
    pairs_file='inpainted/pairs.txt',
)

# The inpainted copies of the run's test positives (k-fold: of its test
# fold), never trained on: every positive prediction is a false positive.
extra_test_sets = dict(
    synthetic_negatives=dict(
        type='InpaintedNegativesDataset',
        mode='only',
        pairs_file='inpainted/pairs.txt',
        dataset='test_dataloader.dataset',
    )
)
table_columns = {
    'Precision': 'binary/precision',
    'Recall': 'binary/recall',
    'F1-score': 'binary/f1',
    'FP (synthetic negatives)': 'synthetic_negatives/binary/fp',
}
default_hooks = dict(
    checkpoint=dict(type='CheckpointHook', interval=10, max_keep_ckpts=1),
    logger=dict(type='LoggerHook', interval=10),
)
