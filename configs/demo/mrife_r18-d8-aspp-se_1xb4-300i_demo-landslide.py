# make demo (tools/demo.py): MRIFE (ResNet-18-D8 encoders, 128-channel
# ASPP+SE, from scratch) on the demo landslide tiles (data/demo/landslide_seg:
# 100 tiles, 60 for training), 128x128 inputs, batch 4, the paper's SGD and
# poly decay over 300 iterations at lr 0.02 (at its 0.007 the network, from
# scratch, still predicts background everywhere after 300 iterations).
_base_ = [
    '../_base_/models/mrife_r101-d8-aspp-se.py',
    '../mrife/_base_/synth-landslide-128_he-flip-rot.py',
    '../_base_/schedules/sgd-lr2e-2-poly_300i.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)
model = dict(
    encoder=dict(
        backbone=dict(depth=18), neck=dict(in_channels=512, channels=128)
    ),
    decode_head=dict(in_channels=128, mid_channels=64, channels=32),
)
log_processor = dict(by_epoch=False)
