# A CPU-sized recipe for the synthetic sequences (README "Results on the
# synthetic set"): the Fig. 12 row with input 'difference', DarkNet-19 from
# scratch, 30 epochs of batch 8, Adam lr 1e-3 (the paper's 1e-6 does not
# move a from-scratch network in 30 epochs), cosine.
_base_ = '../fig12_input/dim-target_darknet19_chip80-difference_1xb16-100e_synth-ir-sequence.py'

train_cfg = dict(max_epochs=30, val_interval=30)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        by_epoch=True,
        begin=0,
        end=30,
        T_max=30,
        eta_min=1e-5,
        convert_to_iter_based=True,
    ),
]
train_dataloader = dict(batch_size=8, num_workers=1)
val_dataloader = dict(num_workers=1)
test_dataloader = val_dataloader
default_hooks = dict(checkpoint=dict(interval=30, save_best=None))
