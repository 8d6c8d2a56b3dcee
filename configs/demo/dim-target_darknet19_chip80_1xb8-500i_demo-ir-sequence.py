# make demo (tools/demo.py): the dim-target detector of the paper's Fig. 12
# differential row on the demo sequences (data/demo/ir_sequence: 40
# training and 16 test sequences of 8 320x256 16-bit frames), DarkNet-19
# from scratch on 80x80 chips, batch 8, Adam 1e-3 with cosine over
# `max_iters`; full-frame test.
_base_ = [
    '../dim_target/fig12_input/'
    'dim-target_darknet19_chip80-difference_1xb16-100e_synth-ir-sequence.py',
]
max_iters = 500
# as the CPU-sized recipe (dim_target/synthetic_results): Adam 1e-3, batch 8
optim_wrapper = dict(optimizer=dict(lr=1e-3))
train_cfg = dict(
    _delete_=True,
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=max_iters,
)
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        by_epoch=False,
        begin=0,
        end=max_iters,
        T_max=max_iters,
        eta_min=1e-5,
    ),
]
train_dataloader = dict(
    batch_size=8,
    num_workers=1,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
)
val_dataloader = dict(num_workers=1)
test_dataloader = val_dataloader
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=max_iters, save_best=None),
    logger=dict(interval=10),
)
log_processor = dict(by_epoch=False)
