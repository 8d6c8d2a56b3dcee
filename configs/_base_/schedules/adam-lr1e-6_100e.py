# 100 epochs from an initial learning rate of 1e-6 (Zhao et al. 2024,
# section IV-A; the optimizer is not named there: Adam). Fine-tuning
# iterations of the hard-example loop run 50 epochs (Table 3).
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=100, val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-6))
param_scheduler = []
