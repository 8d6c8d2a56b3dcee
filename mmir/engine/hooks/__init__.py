from .invalid_loss_hook import DivergedLossError, InvalidLossHook
from .pretrained_freeze_hook import PretrainedFreezeHook

__all__ = ['PretrainedFreezeHook', 'InvalidLossHook', 'DivergedLossError']
