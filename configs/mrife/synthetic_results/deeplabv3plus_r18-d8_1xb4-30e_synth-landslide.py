# The baseline on the same CPU-sized recipe: mmseg's DeepLabV3+ with a
# ResNet-18-D8 backbone from scratch, same data, inputs, batch, schedule.
_base_ = [
    '../../_base_/models/deeplabv3plus_r18-d8.py',
    '../_base_/synth-landslide-256_he-flip-rot.py',
    '../../_base_/schedules/sgd-lr7e-3-poly_30e.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)
