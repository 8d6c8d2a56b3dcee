# Table 2: MobileNetV2 (mmdet) at stride 8, 32x32 training chips.
_base_ = ['./_base_/chip32.py', '../_base_/backbones_stride8.py']
model = dict(
    backbone={{_base_.mobilenet}},
    bbox_head=dict(in_channels={{_base_.mobilenet_channels}}),
)
