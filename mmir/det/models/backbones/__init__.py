from .darknet19 import DarkNet19
from .googlenet import GoogLeNet
from .input_adapter import InputAdapter
from .squeezenet import SqueezeNet

__all__ = ['DarkNet19', 'GoogLeNet', 'InputAdapter', 'SqueezeNet']
