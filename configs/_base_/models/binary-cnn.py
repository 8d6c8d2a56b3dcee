# The binary CNN classifier baseline (Edwards et al., M2VIP 2024; ABMIL
# landmine paper, Tables 3-6): a plain CNN trained from scratch on 256x256
# inputs, global average pooling, one-logit BCE head. The layer widths are
# parameters of PlainCNN (see its docstring).
model = dict(
    type='ImageClassifier',
    backbone=dict(type='PlainCNN', channels=(32, 64, 128, 256)),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='BinaryLinearClsHead', in_channels=256),
)
