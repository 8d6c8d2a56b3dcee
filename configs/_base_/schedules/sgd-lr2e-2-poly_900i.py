# The 300-iteration MRIFE schedule (SGD lr 0.02, poly decay) stretched to
# 900 iterations: MRIFE's three encoders from scratch need it on relic-like
# landslides (at 300 they still predict background everywhere; see
# configs/mrife/README.md, "Evidence on synthetic data").
_base_ = './sgd-lr2e-2-poly_300i.py'
max_iters = 900
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
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
default_hooks = dict(checkpoint=dict(interval=max_iters))
