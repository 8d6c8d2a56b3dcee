# The inpainting-augmented train set (as ./abmil-paper_100e_synth-landmine_
# inpainting.py) with the 256x256 input of the binary CNN.
_base_ = './abmil-paper_100e_synth-landmine_input-256.py'

train_dataloader = dict(
    dataset=dict(
        type='InpaintedNegativesDataset',
        mode='augment',
        pairs_file='inpainted/pairs.txt',
    )
)
