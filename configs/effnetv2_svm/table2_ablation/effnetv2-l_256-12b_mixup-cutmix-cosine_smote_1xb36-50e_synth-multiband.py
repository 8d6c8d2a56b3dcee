# Table 2 row 8 (best): as row 6, trained on the SMOTE-SSIM split
# (tools/dataset_converters/smote_ssim.py DATA_ROOT --ann-file train.csv).
_base_ = '../_base_/effnetv2-l_50e_synth-multiband.py'
train_dataloader = dict(dataset=dict(ann_file='smote/train_smote.csv'))
kfold_smote = dict(target_ratio=1.0)  # k-fold: SMOTE inside each fold
