from .bnsa import BNSA, BNSABlock
from .bnsa_fpn import BNSAFPN

__all__ = ['BNSA', 'BNSABlock', 'BNSAFPN']
