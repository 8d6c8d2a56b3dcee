# The FC head replaced after training by an RBF SVM fitted on the training
# embeddings (paper section 3, Table 3); the run's last_checkpoint is the
# fitted model, which tools/test.py evaluates with the SVM.
_base_ = './effnetv2-l_50e_synth-multiband.py'

model = dict(head=dict(_base_.svm_head, _delete_=True))
custom_hooks = [dict(type='BandStatsHook'), dict(type='SVMPostHook')]
