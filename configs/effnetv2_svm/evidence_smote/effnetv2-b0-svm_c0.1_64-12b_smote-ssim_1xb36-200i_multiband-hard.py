# SMOTE-SSIM (Tang et al., Algorithm 1; written by
# tools/dataset_converters/smote_ssim.py DATA --out-dir smote).
_base_ = '../_base_/effnetv2-b0-svm_c0.1_1xb36-200i_multiband-64.py'
train_dataloader = dict(dataset=dict(ann_file='smote/train_smote.csv'))
