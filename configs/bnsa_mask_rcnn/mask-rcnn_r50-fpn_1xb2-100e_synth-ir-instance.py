# Mask R-CNN R50-FPN as the BNSA paper describes it (Smooth L1 box losses,
# mask BCE) with the paper's schedule (lr 0.001 with warm-up, 100 epochs) on
# the synthetic thermal instance set: the baseline of every table here.
#
# Nothing is downloaded: the paper starts from COCO-pretrained Mask R-CNN, so
# pass a local checkpoint with --cfg-options load_from=/path/to/ckpt.pth, or
# ImageNet weights with model.backbone.init_cfg.checkpoint=/path/r50.pth.
_base_ = [
    '../_base_/models/mask-rcnn_r50-fpn_bnsa-paper.py',
    './_base_/bnsa-paper_100e_synth-ir-instance.py',
]
