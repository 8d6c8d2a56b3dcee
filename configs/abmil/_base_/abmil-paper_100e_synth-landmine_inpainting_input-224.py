# The inpainting-augmented train set (as ./abmil-paper_100e_synth-landmine_
# inpainting.py) with the 224x224 input of ViT and OpenCLIP.
_base_ = './abmil-paper_100e_synth-landmine_input-224.py'

train_dataloader = dict(
    dataset=dict(
        type='InpaintedNegativesDataset',
        mode='augment',
        pairs_file='inpainted/pairs.txt',
    )
)
