# MRIFE without the supervised contrast term (Table IV row B+M, beta = 0);
# otherwise the MRIFE row of evidence experiment 3. The bases are listed,
# not inherited from that row, to stay four files deep.
_base_ = [
    '../../_base_/models/mrife_r101-d8-aspp-se.py',
    '../_base_/synth-landslide-128_he-flip-rot.py',
    '../../_base_/schedules/sgd-lr2e-2-poly_900i.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)
model = dict(
    cons_weight=0.0,
    encoder=dict(
        backbone=dict(depth=18), neck=dict(in_channels=512, channels=128)
    ),
    decode_head=dict(in_channels=128, mid_channels=64, channels=32),
)
log_processor = dict(by_epoch=False)
