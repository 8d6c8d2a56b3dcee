# Mean pooling on the inpainting-augmented train set.
_base_ = './resnet18-abmil_1xb8-10e_synth-landmine.py'
train_dataloader = dict(dataset=_base_.inpainting_train_set)
model = dict(neck=dict(_delete_=True, type='GlobalAveragePooling'))
