# Table 2: ResNet-18 (mmdet) at stride 8, 80x80 training chips.
_base_ = [
    '../dim-target_darknet19_chip80_1xb16-100e_synth-ir-sequence.py',
    '../_base_/backbones_stride8.py',
]
model = dict(
    backbone={{_base_.resnet18}},
    bbox_head=dict(in_channels={{_base_.resnet18_channels}}),
)
