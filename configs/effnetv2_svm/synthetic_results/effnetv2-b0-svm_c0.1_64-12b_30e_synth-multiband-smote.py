# The SVM row trained on the SMOTE-SSIM split.
_base_ = './effnetv2-b0-svm_c0.1_64-12b_30e_synth-multiband.py'

train_dataloader = dict(dataset=dict(ann_file='smote/train_smote.csv'))
kfold_smote = dict(target_ratio=1.0)  # k-fold: SMOTE inside each fold
