# As resnet18-abmil_1xb8-10e_synth-landmine.py with mean pooling (ablation 4.4).
_base_ = './resnet18-abmil_1xb8-10e_synth-landmine.py'
model = dict(neck=dict(_delete_=True, type='GlobalAveragePooling'))
