"""ONNX export of mmir's models and the post-processing of the exported
detector (``tools/deployment/export_onnx.py``)."""

from .export_modules import NotExportable, export_module
from .onnx_export import ExportReport, export_onnx, onnx_session, run_onnx
from .postprocess import detections, nms

__all__ = [
    'ExportReport',
    'NotExportable',
    'detections',
    'export_module',
    'export_onnx',
    'nms',
    'onnx_session',
    'run_onnx',
]
