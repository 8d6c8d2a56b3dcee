# The paper's model (effnetv2-l-svm_c0.1_smote_1xb36-50e_synth-multiband.py)
# with mixed precision: MMEngine's AmpOptimWrapper (fp16 autocast, dynamic
# loss scale; a GPU is needed), as `tools/train.py ... --amp` gives. Built on
# the shared base (not on that leaf) to stay within four config levels.
_base_ = './_base_/effnetv2-l-svm_50e_synth-multiband.py'

train_dataloader = dict(dataset=dict(ann_file='smote/train_smote.csv'))
kfold_smote = dict(target_ratio=1.0)
optim_wrapper = dict(type='AmpOptimWrapper', loss_scale='dynamic')
