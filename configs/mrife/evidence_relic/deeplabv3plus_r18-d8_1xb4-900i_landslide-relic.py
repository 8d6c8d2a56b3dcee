# The baseline of evidence experiment 3: mmseg's DeepLabV3+ with a
# ResNet-18-D8 backbone from scratch, same data, inputs, batch and schedule
# as the MRIFE rows.
_base_ = [
    '../../_base_/models/deeplabv3plus_r18-d8.py',
    '../_base_/synth-landslide-128_he-flip-rot.py',
    '../../_base_/schedules/sgd-lr2e-2-poly_900i.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)
log_processor = dict(by_epoch=False)
