# Table 3, row "MBCE Loss": mmdet's mask BCE.
_base_ = ['../mask-rcnn_r50-fpn_100e_synth-ir-instance.py']
