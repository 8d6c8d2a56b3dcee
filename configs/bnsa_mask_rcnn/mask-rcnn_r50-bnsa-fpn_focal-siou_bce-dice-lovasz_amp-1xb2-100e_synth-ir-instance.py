# The final BNSA Mask R-CNN with mixed precision, as `tools/train.py
# <its base> --amp` gives: MMEngine's AmpOptimWrapper (fp16 autocast, dynamic
# loss scale; needs a GPU). The terms that need float32 (box areas, the Lovasz
# sort, contrast exponentials) cast their inputs (mmir.utils.precision).
_base_ = './mask-rcnn_r50-bnsa-fpn_focal-siou_bce-dice-lovasz_1xb2-100e_synth-ir-instance.py'
optim_wrapper = dict(type='AmpOptimWrapper', loss_scale='dynamic')
