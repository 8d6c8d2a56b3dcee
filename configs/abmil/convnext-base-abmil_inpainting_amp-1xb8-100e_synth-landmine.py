# ConvNeXt-B + ABMIL with inpainting (Table 5) with mixed precision, as `tools/train.py
# <its base> --amp` gives: MMEngine's AmpOptimWrapper (fp16 autocast, dynamic
# loss scale; needs a GPU). The terms that need float32 (box areas, the Lovasz
# sort, contrast exponentials) cast their inputs (mmir.utils.precision).
_base_ = './table5_inpainting/convnext-base-abmil_inpainting_1xb8-100e_synth-landmine.py'
optim_wrapper = dict(type='AmpOptimWrapper', loss_scale='dynamic')
