# Evidence experiment 3 (tools/evidence.py mrife-relic): MRIFE on relic-like
# landslides (generator option relic_strength), the demo model's recipe
# (configs/demo/mrife_r18-d8-aspp-se_1xb4-300i_demo-landslide.py: R18-D8
# encoders from scratch, 128x128, batch 4, SGD lr 0.02 poly) over 900
# iterations.
_base_ = [
    '../../_base_/models/mrife_r101-d8-aspp-se.py',
    '../_base_/synth-landslide-128_he-flip-rot.py',
    '../../_base_/schedules/sgd-lr2e-2-poly_900i.py',
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
