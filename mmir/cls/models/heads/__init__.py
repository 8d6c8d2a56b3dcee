from .binary_head import BinaryLinearClsHead

__all__ = ['BinaryLinearClsHead']
