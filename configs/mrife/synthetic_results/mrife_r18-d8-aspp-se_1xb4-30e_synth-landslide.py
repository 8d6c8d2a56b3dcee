# A CPU-sized recipe for the synthetic relic-landslide set (README "Results
# on the synthetic set"): MRIFE with ResNet-18-D8 encoders (128-channel
# ASPP+SE) from scratch, 256x256 inputs, batch 4, 30 epochs of the paper's
# SGD schedule.
_base_ = [
    '../../_base_/models/mrife_r101-d8-aspp-se.py',
    '../_base_/synth-landslide-256_he-flip-rot.py',
    '../../_base_/schedules/sgd-lr7e-3-poly_30e.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)
model = dict(
    encoder=dict(
        backbone=dict(depth=18), neck=dict(in_channels=512, channels=128)
    ),
    decode_head=dict(in_channels=128, mid_channels=64, channels=32),
)
