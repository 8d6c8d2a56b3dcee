# As resnet18-abmil_1xb8-10e_synth-landmine.py on the inpainting-augmented train
# set (the inpainted copies of the fold's training positives as negatives).
_base_ = './resnet18-abmil_1xb8-10e_synth-landmine.py'
train_dataloader = dict(dataset=_base_.inpainting_train_set)
