# Duplication: the landslides repeated until both classes are equal.
_base_ = '../_base_/effnetv2-b0-svm_c0.1_1xb36-200i_multiband-64.py'
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='DuplicateBalancedDataset',
        dataset=_base_.train_dataloader.dataset,
    )
)
