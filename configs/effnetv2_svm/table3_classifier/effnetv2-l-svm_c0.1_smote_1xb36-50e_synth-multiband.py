# Table 3 "EfficientNetV2+SVM", C = 0.1: the FC head replaced after
# training by an RBF SVM on the training embeddings.
_base_ = '../_base_/effnetv2-l-svm_50e_synth-multiband.py'
model = dict(head=dict(C=0.1))
train_dataloader = dict(dataset=dict(ann_file='smote/train_smote.csv'))
kfold_smote = dict(target_ratio=1.0)  # k-fold: SMOTE inside each fold
