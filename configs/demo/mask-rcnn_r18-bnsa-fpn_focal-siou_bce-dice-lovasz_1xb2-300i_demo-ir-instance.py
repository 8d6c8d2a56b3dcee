# make demo (tools/demo.py): the BNSA Mask R-CNN (BNSA at C3+C4, Focal-SIoU
# boxes, BCE + Dice + 0.1 Lovasz masks) with ResNet-18 from scratch on the
# demo thermal scenes (data/demo/ir_instance: 80 training and 20 test
# images, 320x256); the CPU-sized recipe (300 iterations of batch 2) is
# the base's.
_base_ = [
    '../bnsa_mask_rcnn/_base_/mask-rcnn_r18-fpn_1xb2-300i_ir-instance-320x256.py',
    '../_base_/models/bnsa-fpn_focal-siou_bce-dice-lovasz.py',
]
model = _base_.bnsa_final_changes
