# Table 1, row "Without BNSA": the stock baseline.
_base_ = ['../mask-rcnn_r50-fpn_100e_synth-ir-instance.py']
