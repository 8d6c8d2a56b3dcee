# MRIFE (R101-D8, ASPP-SE) with mixed precision, as `tools/train.py
# <its base> --amp` gives: MMEngine's AmpOptimWrapper (fp16 autocast, dynamic
# loss scale; needs a GPU). The terms that need float32 (box areas, the Lovasz
# sort, contrast exponentials) cast their inputs (mmir.utils.precision).
_base_ = './mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py'
optim_wrapper = dict(type='AmpOptimWrapper', loss_scale='dynamic')
