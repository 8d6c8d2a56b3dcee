# The baseline of evidence experiment 3: mmseg's DeepLabV3+ with a
# ResNet-18-D8 backbone from scratch, same data, inputs, batch and schedule
# as the MRIFE row.
_base_ = [
    'mmseg::_base_/models/deeplabv3plus_r50-d8.py',
    '../_base_/synth-landslide-128_he-flip-rot.py',
    '../../_base_/schedules/sgd-lr2e-2-poly_300i.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)
model = dict(
    pretrained=None,
    data_preprocessor=dict(size_divisor=8),
    backbone=dict(depth=18),
    decode_head=dict(
        in_channels=512, c1_in_channels=64, channels=128, num_classes=2
    ),
    auxiliary_head=dict(in_channels=256, channels=64, num_classes=2),
)
log_processor = dict(by_epoch=False)
