# Fig. 6 (a): without self-distillation; the teacher stays the copy of the
# student it starts as (lambda = 1).
_base_ = '../mrife_r101-d8-aspp-se_1xb4-100e_synth-landslide.py'
custom_hooks = [dict(type='TeacherEMAHook', momentum=1.0)]
