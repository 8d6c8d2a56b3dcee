# Table 4, row "SparseInst": needs mmdetection's projects/SparseInst (not in
# the mmdet wheel; see mmir/det/models/detectors/sparseinst.py). Same data and schedule; masks
# only.
_base_ = [
    '../../_base_/models/sparseinst_r50_iam.py',
    '../_base_/bnsa-paper_100e_synth-ir-instance.py',
]
custom_imports = dict(
    imports=['mmir.det', 'mmir.det.models.detectors.sparseinst']
)
model = dict(
    backbone=dict(init_cfg=None),
    decoder=dict(num_classes=4),
    criterion=dict(num_classes=4),
)
val_evaluator = dict(metric='segm')
test_evaluator = val_evaluator
