# Input 256x256 for the binary CNN of Edwards et al. (paper 4.1): the paper base's
# pipelines with every resize and crop at crop_size.
_base_ = './abmil-paper_100e_synth-landmine.py'

crop_size = (256, 256)
train_pipeline = [
    dict(t, size=crop_size) if 'size' in t else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, size=crop_size) if 'size' in t else t for t in _base_.test_pipeline
]
train_dataloader = dict(dataset=dict(dataset=dict(pipeline=train_pipeline)))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
