from .dim_target_metric import (
    DimTargetMetric,
    match_detections,
    precision_recall_f1,
)

__all__ = ['DimTargetMetric', 'match_detections', 'precision_recall_f1']
