from .block_mask import BlockMasker, BlockMasks

__all__ = ['BlockMasker', 'BlockMasks']
