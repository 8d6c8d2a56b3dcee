# The baseline with BNSA at C3 and C4 between ResNet and FPN (paper Fig. 6);
# stock losses: Table 1's row "C3 and C4 layers + BNSA". BNSAFPN keeps FPN's
# parameter names, so load_from=<stock mmdet Mask R-CNN checkpoint> fills
# every stock weight and only the BNSA blocks start fresh.
_base_ = ['./mask-rcnn_r50-fpn_1xb2-100e_synth-ir-instance.py']
model = dict(neck=dict(type='BNSAFPN', bnsa_levels=(1, 2)))
