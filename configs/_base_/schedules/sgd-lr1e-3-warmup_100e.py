# SGD, lr 0.001 after a 500-iteration linear warm-up, 100 epochs,
# validation every 10 epochs (the schedule of the BNSA Mask R-CNN paper).
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=100, val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
param_scheduler = [
    dict(
        type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=500
    ),
]
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.001, momentum=0.9, weight_decay=0.0001),
)
auto_scale_lr = dict(enable=False, base_batch_size=16)
