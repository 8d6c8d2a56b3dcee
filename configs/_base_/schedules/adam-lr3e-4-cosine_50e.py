# Adam (lr 3e-4), cosine annealing, 50 epochs, batch 36 (the schedule of
# the EfficientNetV2 + SVM landslide paper, section 4.2).
train_cfg = dict(by_epoch=True, max_epochs=50, val_interval=5)
val_cfg = dict()
test_cfg = dict()
optim_wrapper = dict(optimizer=dict(type='Adam', lr=3e-4))
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        by_epoch=True,
        begin=0,
        end=50,
        T_max=50,
        eta_min=0,
        convert_to_iter_based=True,
    ),
]
auto_scale_lr = dict(base_batch_size=36)
