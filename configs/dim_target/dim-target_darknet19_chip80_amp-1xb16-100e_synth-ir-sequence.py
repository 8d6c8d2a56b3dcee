# The dim-target paper model with mixed precision, as `tools/train.py
# <its base> --amp` gives: MMEngine's AmpOptimWrapper (fp16 autocast, dynamic
# loss scale; needs a GPU). The terms that need float32 (box areas, the Lovasz
# sort, contrast exponentials) cast their inputs (mmir.utils.precision).
_base_ = './dim-target_darknet19_chip80_1xb16-100e_synth-ir-sequence.py'
optim_wrapper = dict(type='AmpOptimWrapper', loss_scale='dynamic')
