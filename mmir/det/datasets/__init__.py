from .ir_instance import IRInstanceDataset

__all__ = ['IRInstanceDataset']
