# As ../resnet18-w32-abmil_1xb8-1500i_landmine-168x128.py, trained on the
# inpainting-augmented set (the positives' inpainted copies as negatives).
_base_ = '../resnet18-w32-abmil_1xb8-1500i_landmine-168x128.py'
train_dataloader = dict(dataset=_base_.inpainting_train_set)
