from .efficient_iou_loss import EfficientIoULoss, efficient_iou_loss
from .focal_iou_loss import FocalIoULoss
from .mask_bce_dice_lovasz_loss import (
    MaskBCEDiceLovaszLoss,
    lovasz_grad,
    lovasz_hinge_per_roi,
    lovasz_softmax_per_roi,
)

__all__ = [
    'EfficientIoULoss',
    'efficient_iou_loss',
    'FocalIoULoss',
    'MaskBCEDiceLovaszLoss',
    'lovasz_grad',
    'lovasz_hinge_per_roi',
    'lovasz_softmax_per_roi',
]
