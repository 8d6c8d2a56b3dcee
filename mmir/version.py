"""The version of mmir."""

__version__ = '0.1.0'
