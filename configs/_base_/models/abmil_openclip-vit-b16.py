# OpenCLIP ViT-B/16 vision tower (LAION-400M, image-text contrastive) +
# gated ABMIL over the patch tokens + BCE head (ABMIL landmine paper, Table 1
# row 4); 224x224 input. Weights: a local OpenCLIP checkpoint of the whole
# model (keys "visual.*", e.g. open_clip_pytorch_model.bin of
# laion/CLIP-ViT-B-16-laion400m_e32); the text tower is not built.
pretrained = 'checkpoints/open_clip_vit-b-16_laion400m_e32.bin'
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='OpenCLIPVisionTower',
        arch='ViT-B-16',
        img_size=224,
        init_cfg=dict(type='Pretrained', checkpoint=pretrained),
    ),
    neck=dict(
        type='ABMILPooling', in_channels=768, hidden_channels=128, gated=True
    ),
    head=dict(type='BinaryLinearClsHead', in_channels=768),
)
