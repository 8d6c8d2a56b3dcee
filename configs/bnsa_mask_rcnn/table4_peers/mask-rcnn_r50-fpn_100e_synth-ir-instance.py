# Table 4, row "Mask R-CNN".
_base_ = ['../mask-rcnn_r50-fpn_100e_synth-ir-instance.py']
