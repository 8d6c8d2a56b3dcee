# Table 2: ResNet-18 (mmdet) at stride 8, 16x16 training chips.
_base_ = ['./_base_/chip16.py', '../_base_/backbones_stride8.py']
model = dict(
    backbone={{_base_.resnet18}},
    bbox_head=dict(in_channels={{_base_.resnet18_channels}}),
)
