from .mrife import MRIFE, FeatureEncoder

__all__ = ['MRIFE', 'FeatureEncoder']
