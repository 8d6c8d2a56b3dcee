# MASATI with the inpainting-augmented train set (ABMIL landmine paper,
# Table 8): ship-free copies of the training positives as extra negatives.
_base_ = './abmil-paper_100e_synth-masati.py'

train_dataloader = dict(
    dataset=dict(
        type='InpaintedNegativesDataset',
        mode='augment',
        pairs_file='inpainted/pairs.txt',
    )
)
