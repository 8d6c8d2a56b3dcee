# Table 4, row "BoxInst": mmdet's BoxInst R50-FPN, same data and schedule.
# Its data preprocessor replaces the loaded masks by box masks: it learns from
# boxes only, as the method intends; evaluation uses the true masks.
_base_ = [
    '../../_base_/models/boxinst_r50_fpn.py',
    '../_base_/bnsa-paper_100e_synth-ir-instance.py',
]
model = dict(backbone=dict(init_cfg=None), bbox_head=dict(num_classes=4))
