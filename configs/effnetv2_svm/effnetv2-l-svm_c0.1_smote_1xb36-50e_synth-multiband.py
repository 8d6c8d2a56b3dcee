# The paper's model (Tang et al., Table 3 last row): EfficientNetV2-L, 12
# bands, Mixup + CutMix, cosine LR, standard scaling, SMOTE-SSIM, and the
# FC head replaced by an RBF SVM with C = 0.1. The SMOTE split is written by
#   python tools/dataset_converters/smote_ssim.py DATA_ROOT --ann-file train.csv
# (make data does it for the synthetic set).
_base_ = './_base_/effnetv2-l-svm_50e_synth-multiband.py'

train_dataloader = dict(dataset=dict(ann_file='smote/train_smote.csv'))
kfold_smote = dict(target_ratio=1.0)  # k-fold: SMOTE inside each fold
