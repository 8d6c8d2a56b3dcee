# Table 2: DarkNet-19 at stride 8, 80x80 training chips.
_base_ = [
    '../dim-target_darknet19_chip80_1xb16-100e_synth-ir-sequence.py',
    '../_base_/backbones_stride8.py',
]
model = dict(
    backbone={{_base_.darknet19}},
    bbox_head=dict(in_channels={{_base_.darknet19_channels}}),
)
