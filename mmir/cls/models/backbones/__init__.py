from .convvit import ConvViT
from .open_clip_vit import OpenCLIPVisionTower
from .plain_cnn import PlainCNN

__all__ = ['ConvViT', 'OpenCLIPVisionTower', 'PlainCNN']
