# What every model of configs/bnsa_mask_rcnn shares: the synthetic thermal
# instance set (4 classes), the paper's schedule, and the paper's table
# columns (instance masks; "Recall" is COCO AR@100) for tools/run_grid.py.
_base_ = [
    '../../_base_/datasets/synth_ir-instance.py',
    '../../_base_/schedules/sgd-lr1e-3-warmup_100e.py',
    'mmdet::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.det'], allow_failed_imports=False)
# Backbone freezing (frozen_stages=1, norm_eval=True, the fine-tuning recipe)
# only with load_from or a pretrained backbone; from scratch every layer trains.
custom_hooks = [dict(type='PretrainedFreezeHook')]
default_hooks = dict(
    checkpoint=dict(type='CheckpointHook', interval=10, max_keep_ckpts=3)
)

val_evaluator = dict(
    metric_items=[
        'mAP',
        'mAP_50',
        'mAP_75',
        'mAP_s',
        'mAP_m',
        'mAP_l',
        'AR@100',
    ]
)
test_evaluator = val_evaluator
table_columns = {
    'mAP': 'coco/segm_mAP',
    'Recall': 'coco/segm_AR@100',
    'mAP@50': 'coco/segm_mAP_50',
    'mAP@75': 'coco/segm_mAP_75',
    'mAPs': 'coco/segm_mAP_s',
    'mAPm': 'coco/segm_mAP_m',
    'mAPl': 'coco/segm_mAP_l',
}
