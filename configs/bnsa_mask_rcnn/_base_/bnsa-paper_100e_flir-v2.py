# The paper's schedule and table columns on FLIR ADAS v2 thermal images
# (paper Table 5). First write the annotation files, once (nothing of the
# dataset changes):
#   python tools/dataset_converters/flir.py data/FLIR_ADAS_v2
# -> data/FLIR_ADAS_v2/mmir_ann/instances_{train,val}.json, classes in the
# order below. FLIR has boxes only: the converter gives each instance its box
# as a polygon, so masks are learnt and scored as filled boxes. A model on it
# sets num_classes = 8.
_base_ = './bnsa-paper_100e_synth-ir-instance.py'
dataset_type = 'CocoDataset'
data_root = 'data/FLIR_ADAS_v2/'
classes = ('person', 'bike', 'car', 'motor', 'bus', 'truck', 'light', 'sign')
train_dataloader = dict(
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        metainfo=dict(classes=classes),
        ann_file='mmir_ann/instances_train.json',
        data_prefix=dict(img=''),
    )
)
val_dataloader = dict(
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        metainfo=dict(classes=classes),
        ann_file='mmir_ann/instances_val.json',
        data_prefix=dict(img=''),
    )
)
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'mmir_ann/instances_val.json')
test_evaluator = val_evaluator
