# The MRIFE data recipe at 128x128 inputs for iteration-based runs
# (InfiniteSampler): the demo model and the evidence experiment
# (configs/mrife/evidence_relic). With a `_300i` or `_900i` schedule a row
# is at most four files deep.
_base_ = './synth-landslide-256_he-flip-rot.py'

img_scale = (128, 128)
train_pipeline = [
    dict(t, scale=img_scale) if t['type'] == 'Resize' else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, scale=img_scale) if t['type'] == 'Resize' else t
    for t in _base_.test_pipeline
]
train_dataloader = dict(
    dataset=dict(pipeline=train_pipeline),
    sampler=dict(type='InfiniteSampler', shuffle=True),
)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
