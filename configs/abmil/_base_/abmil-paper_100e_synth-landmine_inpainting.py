# The "inpainting-augmented train set" (paper 3.3): the real negatives, the
# positives and the inpainted copies of the training positives as extra
# negatives (k-fold: of the fold's training part only), no duplication.
# The wrapper replaces the base's DuplicateBalancedDataset around the same
# dataset.
_base_ = './abmil-paper_100e_synth-landmine.py'

train_dataloader = dict(
    dataset=dict(
        type='InpaintedNegativesDataset',
        mode='augment',
        pairs_file='inpainted/pairs.txt',
    )
)
