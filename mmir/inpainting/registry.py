from mmengine.registry import Registry

INPAINTERS = Registry('inpainter', locations=['mmir.inpainting'])


def build_inpainter(cfg):
    """An inpainter from a config dict, or a method name of
    :class:`OpenCVInpainter` (``'telea'``, ``'ns'``)."""
    if isinstance(cfg, str):
        cfg = dict(type='OpenCVInpainter', method=cfg)
    return INPAINTERS.build(cfg)
