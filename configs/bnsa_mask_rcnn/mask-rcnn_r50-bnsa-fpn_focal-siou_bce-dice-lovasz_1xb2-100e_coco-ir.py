# The final model on your own IR dataset in COCO format with the paper's four
# classes (person, car, bicycle, uav), split 8:2:
#   data/ir_coco/annotations/instances_{train,val}.json
#   data/ir_coco/images/{train,val}/
# (or --data-root /path/to/it/).
_base_ = [
    './mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz_1xb2-100e_synth-ir-instance.py'
]
data_root = 'data/ir_coco/'
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/instances_val.json')
test_evaluator = val_evaluator
