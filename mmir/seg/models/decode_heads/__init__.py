from .transposed_conv_head import TransposedConvHead

__all__ = ['TransposedConvHead']
