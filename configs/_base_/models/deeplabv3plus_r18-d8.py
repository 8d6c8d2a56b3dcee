# mmseg's DeepLabV3+ with a ResNet-18-D8 backbone from scratch, two classes:
# the baseline of the CPU-sized MRIFE comparisons (synthetic_results/,
# evidence_relic/).
_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py']
model = dict(
    pretrained=None,
    data_preprocessor=dict(size_divisor=8),
    backbone=dict(depth=18),
    decode_head=dict(
        in_channels=512, c1_in_channels=64, channels=128, num_classes=2
    ),
    auxiliary_head=dict(in_channels=256, channels=64, num_classes=2),
)
