# Table 1, row "C4 layer(s) + BNSA" (stock losses).
_base_ = ['../mask-rcnn_r50-fpn_1xb2-100e_synth-ir-instance.py']
model = dict(neck=dict(type='BNSAFPN', bnsa_levels=(2,)))
