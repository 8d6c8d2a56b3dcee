from .band_scaling import MultiBandDataPreprocessor

__all__ = ['MultiBandDataPreprocessor']
