# As ../resnet18-w32-abmil_1xb8-1500i_landmine-168x128.py with mean pooling
# (the paper's ablation 4.4).
_base_ = '../resnet18-w32-abmil_1xb8-1500i_landmine-168x128.py'
model = dict(neck=dict(_delete_=True, type='GlobalAveragePooling'))
