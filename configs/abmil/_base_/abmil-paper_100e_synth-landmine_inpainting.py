# The "inpainting-augmented train set" (paper 3.3): the real negatives, the
# positives and the inpainted copies of the training positives as extra
# negatives (k-fold: of the fold's training part only), no duplication.
_base_ = './abmil-paper_100e_synth-landmine.py'

train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='InpaintedNegativesDataset', mode='augment',
        pairs_file='inpainted/pairs.txt',
        dataset={{_base_.train_dataloader.dataset.dataset}}))
