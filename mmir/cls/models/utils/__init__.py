from .multiband_pretrained import MultiBandPretrainedInit, adapt_input_channels

__all__ = ['MultiBandPretrainedInit', 'adapt_input_channels']
from .embeddings import extract_embeddings  # noqa: E402

__all__ += ['extract_embeddings']
