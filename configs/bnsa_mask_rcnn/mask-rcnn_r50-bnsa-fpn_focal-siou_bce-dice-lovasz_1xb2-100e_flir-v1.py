# The final model on FLIR ADAS v1 (FLIR_ADAS_1_3) thermal images: its four
# classes under one naming (v1's "bicycle" is "bike"). Annotation files:
#   python tools/dataset_converters/flir.py data/FLIR_ADAS_1_3
_base_ = [
    '../_base_/models/mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz.py',
    './_base_/bnsa-paper_100e_flir-v2.py',
]
data_root = 'data/FLIR_ADAS_1_3/'
classes = ('person', 'bike', 'car', 'dog')
model = dict(
    roi_head=dict(
        bbox_head=dict(num_classes=len(classes)),
        mask_head=dict(num_classes=len(classes)),
    )
)
train_dataloader = dict(
    dataset=dict(data_root=data_root, metainfo=dict(classes=classes))
)
val_dataloader = dict(
    dataset=dict(data_root=data_root, metainfo=dict(classes=classes))
)
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'mmir_ann/instances_val.json')
test_evaluator = val_evaluator
