# The six lightweight backbones of Zhao et al. 2024, Table 2, each cut at
# output stride 8 (the "number of layers adjusted to obtain the same
# feature map size"), for `model.backbone`; `*_channels` is the
# DimTargetHead's in_channels. in_channels=3: the differential input.
darknet19 = dict(
    _delete_=True, type='DarkNet19', in_channels=3, out_indices=(3,)
)
darknet19_channels = 256
resnet18 = dict(
    _delete_=True,
    type='ResNet',
    depth=18,
    in_channels=3,
    num_stages=2,
    strides=(1, 2),
    dilations=(1, 1),
    out_indices=(1,),
    norm_eval=False,
)
resnet18_channels = 128
googlenet = dict(
    _delete_=True, type='GoogLeNet', in_channels=3, out_indices=(2,)
)
googlenet_channels = 480
squeezenet = dict(
    _delete_=True, type='SqueezeNet', in_channels=3, out_indices=(2,)
)
squeezenet_channels = 256
mobilenet = dict(
    _delete_=True,
    type='InputAdapter',
    in_channels=3,
    backbone=dict(type='MobileNetV2', out_indices=(2,)),
)
mobilenet_channels = 32
efficientnet = dict(
    _delete_=True,
    type='InputAdapter',
    in_channels=3,
    backbone=dict(type='EfficientNet', arch='b0', out_indices=(3,)),
)
efficientnet_channels = 40
