# MASATI experiment of the ABMIL landmine paper (4.5, Table 7): "Coast" (0)
# vs "Coast & Ship" (1), 8:2 split per class, 224x224, the landmine
# experiments' schedule and augmentation. Extra test sets: every "Sea"
# image, and the ship-free (inpainted) copies of the test positives; every
# positive prediction on them is a false positive. Prepare DATA_ROOT (the
# MASATI-v2 folder) with
#   python tools/dataset_converters/masati.py DATA_ROOT
#   python tools/dataset_converters/inpaint_boxes.py DATA_ROOT \
#       --boxes mmir_ann/boxes.json --img-prefix '' --margin 5
# (make data does both for the synthetic set).
_base_ = './abmil-paper_100e_synth-landmine.py'

dataset_type = 'MASATIDataset'
data_root = 'data/synthetic/masati/'
crop_size = (224, 224)
train_pipeline = [
    dict(t, size=crop_size) if 'size' in t else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, size=crop_size) if 'size' in t else t for t in _base_.test_pipeline
]
train_dataloader = dict(
    dataset=dict(
        dataset=dict(
            type=dataset_type,
            data_root=data_root,
            ann_file='mmir_ann/train.txt',
            pipeline=train_pipeline,
        )
    )
)
val_dataloader = dict(
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='mmir_ann/test.txt',
        pipeline=test_pipeline,
    )
)
test_dataloader = val_dataloader
kfold_ann_file = 'mmir_ann/all.txt'
extra_test_sets = dict(
    sea=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='mmir_ann/sea.txt',
        data_prefix='',
        pipeline=test_pipeline,
    )
)
table_columns = {
    '_delete_': True,
    'Precision': 'binary/precision',
    'Recall': 'binary/recall',
    'F1-score': 'binary/f1',
    'FP (Sea)': 'sea/binary/fp',
    'FP (synthetic)': 'synthetic_negatives/binary/fp',
}
