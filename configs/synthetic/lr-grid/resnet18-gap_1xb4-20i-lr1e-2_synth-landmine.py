# Example ablation row: the tiny landmine classifier with lr 0.01.
_base_ = ['../resnet18-gap_1xb4-20i_synth-landmine.py']
optim_wrapper = dict(optimizer=dict(lr=0.01))
