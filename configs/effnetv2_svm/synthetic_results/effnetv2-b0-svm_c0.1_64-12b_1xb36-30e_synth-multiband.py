# As the FC row (same seed, same training), then the FC head replaced by an
# RBF SVM (C = 0.1) fitted on the training embeddings (paper Table 3).
_base_ = './effnetv2-b0-fc_64-12b_1xb36-30e_synth-multiband.py'

model = dict(head=dict(_base_.svm_head, _delete_=True))
custom_hooks = [dict(type='BandStatsHook'), dict(type='SVMPostHook')]
