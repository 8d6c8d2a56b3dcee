# MRIFE as the paper trains it (Tables II-III), on the synthetic tiles.
_base_ = [
    '../_base_/models/mrife_r101-d8-aspp-se.py',
    './_base_/synth-landslide_he-flip-rot.py',
    '../_base_/schedules/sgd-lr7e-3-poly_100e.py',
    'mmseg::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.seg'], allow_failed_imports=False)
