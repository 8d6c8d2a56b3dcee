# Table 4, row "Solov2": mmdet's SOLOv2 R50-FPN (with its gradient clipping),
# same data and schedule; masks only.
_base_ = [
    '../../_base_/models/solov2_r50_fpn.py',
    '../_base_/bnsa-paper_100e_synth-ir-instance.py',
]
model = dict(backbone=dict(init_cfg=None), mask_head=dict(num_classes=4))
optim_wrapper = dict(clip_grad=dict(max_norm=35, norm_type=2))
val_evaluator = dict(metric='segm')
test_evaluator = val_evaluator
