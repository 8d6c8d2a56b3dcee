# AdamW (lr 1e-4, weight decay 0.05), 10-epoch linear warm-up then cosine
# annealing, 100 epochs (the schedule of the ABMIL landmine paper, 4.1).
train_cfg = dict(by_epoch=True, max_epochs=100, val_interval=10)
val_cfg = dict()
test_cfg = dict()
optim_wrapper = dict(optimizer=dict(type='AdamW', lr=1e-4, weight_decay=0.05))
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-3,
        by_epoch=True,
        begin=0,
        end=10,
        convert_to_iter_based=True,
    ),
    dict(
        type='CosineAnnealingLR',
        by_epoch=True,
        begin=10,
        end=100,
        T_max=90,
        eta_min=0,
        convert_to_iter_based=True,
    ),
]
auto_scale_lr = dict(base_batch_size=8)
