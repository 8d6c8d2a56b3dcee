# The paper's model trained on stored 80x80 chips (section III-A, Table 1)
# instead of chips cut online from full frames. Store them once:
#   python tools/dataset_converters/export_chips.py \
#       configs/dim_target/dim-target_darknet19_chip80_1xb16-100e_synth-ir-sequence.py \
#       --size 80 [--repeats N] [--data-root DIR]
# The differential input (eq. 1) and its robust scaling are computed per chip.
_base_ = './dim-target_darknet19_chip80_1xb16-100e_synth-ir-sequence.py'
chip_dir = 'mmir_chips/chips80/'
train_pipeline = [
    dict(type='LoadChipFrames'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='SequenceDifference', mode='difference', normalize='robust'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs'),
]
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='CocoDataset',
        data_root={{_base_.data_root}},
        ann_file=chip_dir + 'chips.json',
        data_prefix=dict(img=chip_dir),
        metainfo=dict(classes=('target', 'interference')),
        filter_cfg=dict(filter_empty_gt=False),
        pipeline=train_pipeline,
    )
)
