from .pretrained_freeze_hook import PretrainedFreezeHook

__all__ = ['PretrainedFreezeHook']
