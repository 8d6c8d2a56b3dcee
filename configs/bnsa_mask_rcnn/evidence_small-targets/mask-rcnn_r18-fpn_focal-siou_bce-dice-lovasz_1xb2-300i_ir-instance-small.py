# Evidence experiment 4, row "no BNSA": the stock FPN neck, Focal-SIoU boxes
# and the BCE + Dice + Lovasz masks of the demo model.
_base_ = [
    '../../demo/mask-rcnn_r18-bnsa-fpn_focal-siou_bce-dice-lovasz_'
    '1xb2-300i_demo-ir-instance.py'
]
model = dict(
    neck=dict(
        _delete_=True,
        type='FPN',
        in_channels=[64, 128, 256, 512],
        out_channels=256,
        num_outs=5,
    )
)
