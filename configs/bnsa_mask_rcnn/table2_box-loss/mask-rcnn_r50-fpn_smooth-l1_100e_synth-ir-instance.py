# Table 2, row "Smooth L1 Loss" (eqs. 5-6) on deltas: the base as it is.
_base_ = ['../mask-rcnn_r50-fpn_100e_synth-ir-instance.py']
