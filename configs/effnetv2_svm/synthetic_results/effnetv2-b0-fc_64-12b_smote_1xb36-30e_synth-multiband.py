# The FC row trained on the SMOTE-SSIM split (written by
# tools/dataset_converters/smote_ssim.py DATA_ROOT --ann-file train.csv).
_base_ = './effnetv2-b0-fc_64-12b_1xb36-30e_synth-multiband.py'

train_dataloader = dict(dataset=dict(ann_file='smote/train_smote.csv'))
kfold_smote = dict(target_ratio=1.0)  # k-fold: SMOTE inside each fold
