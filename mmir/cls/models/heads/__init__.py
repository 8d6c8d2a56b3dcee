from .binary_head import BinaryLinearClsHead
from .embedding_classifier_head import (
    EmbeddingClassifierHead,
    LGBMClsHead,
    SVMClsHead,
)

__all__ = [
    'BinaryLinearClsHead',
    'EmbeddingClassifierHead',
    'SVMClsHead',
    'LGBMClsHead',
]
