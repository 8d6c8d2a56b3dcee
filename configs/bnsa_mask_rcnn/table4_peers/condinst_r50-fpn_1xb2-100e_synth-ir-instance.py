# Table 4, row "CondInst": mmdet's CondInst R50-FPN, same data and schedule.
_base_ = [
    '../../_base_/models/condinst_r50_fpn.py',
    '../_base_/bnsa-paper_100e_synth-ir-instance.py',
]
model = dict(backbone=dict(init_cfg=None), bbox_head=dict(num_classes=4))
