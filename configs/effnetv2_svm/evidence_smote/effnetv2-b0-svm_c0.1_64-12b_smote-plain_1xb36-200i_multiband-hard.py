# imbalanced-learn's plain SMOTE on the flattened arrays (written by
# tools/dataset_converters/smote_ssim.py DATA --method imblearn
# --out-dir smote_plain).
_base_ = '../_base_/effnetv2-b0-svm_c0.1_1xb36-200i_multiband-64.py'
train_dataloader = dict(dataset=dict(ann_file='smote_plain/train_smote.csv'))
