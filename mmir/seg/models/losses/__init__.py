from .block_contrast_loss import BlockContrastLoss, block_contrast_loss

__all__ = ['BlockContrastLoss', 'block_contrast_loss']
