# Table 1, row "C3 layer(s) + BNSA" (stock losses).
_base_ = ['../mask-rcnn_r50-bnsa-fpn_100e_synth-ir-instance.py']
model = dict(neck=[
    dict(type='BNSA', in_channels=[256, 512, 1024, 2048], levels=(1, )),
    {{_base_.fpn}},
])
