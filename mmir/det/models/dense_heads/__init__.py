from .dim_target_head import DimTargetHead

__all__ = ['DimTargetHead']
