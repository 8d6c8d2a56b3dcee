from .abmil import ABMILPooling

__all__ = ['ABMILPooling']
