# The SVM row trained on the SMOTE-SSIM split: the SVM head (C = 0.1) of
# ./effnetv2-b0-svm_c0.1_64-12b_1xb36-30e_synth-multiband.py on the SMOTE list.
_base_ = './effnetv2-b0-fc_64-12b_1xb36-30e_synth-multiband.py'
train_dataloader = dict(dataset=dict(ann_file='smote/train_smote.csv'))
kfold_smote = dict(target_ratio=1.0)  # k-fold: SMOTE inside each fold
model = dict(head=dict(_base_.svm_head, _delete_=True))
custom_hooks = [dict(type='BandStatsHook'), dict(type='SVMPostHook')]
