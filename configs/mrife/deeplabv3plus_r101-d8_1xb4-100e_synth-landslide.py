# The paper's baseline: mmseg's own DeepLabV3+ R101-D8 with the MRIFE data
# recipe and schedule (same data, same budget). From scratch here; mmseg's
# config loads open-mmlab://resnet101_v1c, which cannot be downloaded.
_base_ = [
    'mmseg::_base_/models/deeplabv3plus_r50-d8.py',
    './_base_/synth-landslide_he-flip-rot.py',
    '../_base_/schedules/sgd-lr7e-3-poly_100e.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)
model = dict(
    pretrained=None,
    data_preprocessor=dict(size_divisor=8),
    backbone=dict(depth=101),
    decode_head=dict(num_classes=2),
    auxiliary_head=dict(num_classes=2),
)
