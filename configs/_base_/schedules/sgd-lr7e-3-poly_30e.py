# The MRIFE schedule (SGD lr 0.007, momentum 0.9, wd 5e-4, poly) cut to 30
# epochs, validation and checkpoint at the end.
_base_ = './sgd-lr7e-3-poly_100e.py'
train_cfg = dict(max_epochs=30, val_interval=30)
param_scheduler = [
    dict(
        type='PolyLR',
        eta_min=1e-4,
        power=0.9,
        begin=0,
        end=30,
        by_epoch=True,
        convert_to_iter_based=True,
    ),
]
default_hooks = dict(checkpoint=dict(interval=30))
