# What every row of the dim-small-target paper shares (Zhao et al., IEEE
# Access 2024): differential 4-frame input, 80x80 training chips, full-frame
# testing, DarkNet-19 at stride 8 + DimTargetHead, 100 epochs.
_base_ = [
    '../_base_/datasets/synth_ir-sequence.py',
    '../_base_/models/dim-target_darknet19.py',
    '../_base_/schedules/adam-lr1e-6_100e.py',
    'mmdet::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmir.det'], allow_failed_imports=False)
default_hooks = dict(
    checkpoint=dict(
        type='CheckpointHook',
        interval=10,
        max_keep_ckpts=2,
        save_best='dim/f1',
        rule='greater',
    ),
    logger=dict(type='LoggerHook', interval=20),
)
table_columns = {
    'Precision': 'dim/precision',
    'Recall': 'dim/recall',
    'F1': 'dim/f1',
}
