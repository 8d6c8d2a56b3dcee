# The baseline with BNSA at C3 and C4 between ResNet and FPN (paper Fig. 6);
# stock losses. Base of the loss ablations (tables 2 and 3).
_base_ = ['./mask-rcnn_r50-fpn_100e_synth-ir-instance.py']
# Rows that move BNSA restate the neck as [BNSA(levels=...), {{_base_.fpn}}].
fpn = dict(type='FPN', in_channels=[256, 512, 1024, 2048], out_channels=256,
           num_outs=5)
model = dict(neck=[
    dict(type='BNSA', in_channels=[256, 512, 1024, 2048], levels=(1, 2)),
    fpn,
])
