# Example ablation row: the tiny landmine classifier with lr 0.001.
_base_ = ['../resnet18_gap_20i_synth-landmine.py']
optim_wrapper = dict(optimizer=dict(lr=0.001))
