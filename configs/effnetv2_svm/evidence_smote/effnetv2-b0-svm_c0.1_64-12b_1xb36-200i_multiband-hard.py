# Evidence experiment 5 (tools/evidence.py effnetv2-smote): no oversampling.
# Rare, variable landslides (the generator's hard_minority option, 10 %
# positives); the rows differ only in the training set: as it is,
# duplicated, plain SMOTE (imbalanced-learn, flattened arrays) or SMOTE-SSIM,
# each oversampled to 1:1 from the training split only (the test split
# never enters the oversampling); equal budgets of 200 iterations.
_base_ = '../_base_/effnetv2-b0-svm_c0.1_1xb36-200i_multiband-64.py'
