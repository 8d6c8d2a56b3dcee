# The MRIFE schedule (SGD, momentum 0.9, wd 5e-4, poly) as 300 iterations at
# lr 0.02 (at the paper's 0.007 a network from scratch still predicts
# background everywhere after 300 iterations); validation and checkpoint at
# the end. For iteration loaders (InfiniteSampler); a row also sets
# log_processor = dict(by_epoch=False) (the runtime base defines it).
_base_ = './sgd-lr7e-3-poly_100e.py'
max_iters = 300
optim_wrapper = dict(optimizer=dict(lr=0.02))
train_cfg = dict(
    _delete_=True,
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=max_iters,
)
param_scheduler = [
    dict(
        type='PolyLR',
        power=0.9,
        eta_min=1e-4,
        by_epoch=False,
        begin=0,
        end=max_iters,
    ),
]
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=max_iters),
    logger=dict(interval=10, log_metric_by_epoch=False),
)
