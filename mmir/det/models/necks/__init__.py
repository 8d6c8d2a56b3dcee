from .bnsa import BNSA, BNSABlock

__all__ = ['BNSA', 'BNSABlock']
