# Input 224x224 for ViT and OpenCLIP (paper 4.1): images resized to 224x224.
_base_ = './abmil-paper_100e_synth-landmine.py'

crop_size = (224, 224)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='NumpyToPIL', to_rgb=True),
    dict(type='torchvision/Resize', size=crop_size),
    dict(type='torchvision/RandomHorizontalFlip', p=0.5),
    dict(type='torchvision/RandomVerticalFlip', p=0.5),
    dict(
        type='torchvision/RandomResizedCrop', size=crop_size, scale=(0.9, 1.0)
    ),
    dict(type='torchvision/RandomRotation', degrees=45),
    dict(type='torchvision/ColorJitter', brightness=0.1, contrast=0.1),
    dict(type='PILToNumpy', to_bgr=True),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='NumpyToPIL', to_rgb=True),
    dict(type='torchvision/Resize', size=crop_size),
    dict(type='PILToNumpy', to_bgr=True),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(dataset=dict(pipeline=train_pipeline)))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
