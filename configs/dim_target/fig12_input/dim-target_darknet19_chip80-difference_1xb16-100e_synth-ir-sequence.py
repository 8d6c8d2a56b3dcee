# Fig. 12: DarkNet-19 trained and tested on the differential sequence G (eq. 1, 3 channels).
_base_ = '../dim-target_darknet19_chip80_1xb16-100e_synth-ir-sequence.py'

# the base's pipelines with SequenceDifference set to this input
input_mode = 'difference'
train_pipeline = [
    dict(t, mode=input_mode) if t['type'] == 'SequenceDifference' else t
    for t in _base_.train_pipeline
]
test_pipeline = [
    dict(t, mode=input_mode) if t['type'] == 'SequenceDifference' else t
    for t in _base_.test_pipeline
]
model = dict(backbone=dict(in_channels=3))
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
