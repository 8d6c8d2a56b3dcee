from .aspp_se import ASPPSENeck

__all__ = ['ASPPSENeck']
