# The final model on the FLIR ADAS thermal dataset's COCO annotations
# (thermal_8_bit images). FLIR has no masks: instance masks must come from a
# converted/annotated version with segmentation polygons; point data_root and
# the files below at it. Classes follow FLIR's ADAS categories.
_base_ = ['./mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz_100e_synth-ir-instance.py']
dataset_type = 'CocoDataset'
data_root = 'data/FLIR_ADAS/'
classes = ('person', 'bike', 'car', 'motor', 'bus', 'truck', 'light', 'sign')
model = dict(roi_head=dict(bbox_head=dict(num_classes=len(classes)),
                           mask_head=dict(num_classes=len(classes))))
train_dataloader = dict(dataset=dict(
    type=dataset_type, data_root=data_root, metainfo=dict(classes=classes),
    ann_file='train/thermal_annotations.json',
    data_prefix=dict(img='train/')))
val_dataloader = dict(dataset=dict(
    type=dataset_type, data_root=data_root, metainfo=dict(classes=classes),
    ann_file='val/thermal_annotations.json', data_prefix=dict(img='val/')))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'val/thermal_annotations.json')
test_evaluator = val_evaluator
