"""DimTargetMetric: matching rules, counts, one score threshold."""

import pytest
import torch
from mmdet.registry import METRICS
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData

import mmir.det  # noqa: F401
from mmir.det.evaluation import match_detections, precision_recall_f1


def test_matching_rules_on_tiny_boxes():
    gt = [[10, 10, 13, 13], [50, 50, 53, 53]]
    # a 2-px shifted detection of a 3x3 box: IoU 1/17 but centre 2 px off
    pred = [[12, 10, 15, 13], [51, 50, 54, 53], [100, 100, 103, 103]]
    scores = [0.9, 0.8, 0.7]
    tp, fp, fn, m = match_detections(pred, scores, gt, 'distance', 3.0)
    assert (tp, fp, fn) == (2, 1, 0) and m.tolist() == [0, 1, -1]
    tp, fp, fn, _ = match_detections(pred, scores, gt, 'iou', iou_thr=0.3)
    assert (tp, fp, fn) == (1, 2, 1)  # only the 1-px shift has IoU 0.5
    # one ground truth, two detections: the higher score takes it
    tp, fp, fn, m = match_detections(
        [[10, 10, 13, 13], [10, 10, 13, 13]], [0.2, 0.9], [[10, 10, 13, 13]]
    )
    assert (tp, fp, fn) == (1, 1, 0) and m.tolist() == [-1, 0]
    # 'within 3 px' includes 3 px exactly (centres 3 and 3.5 px away)
    on_edge = [[13, 10, 16, 13], [50, 53.5, 53, 56.5]]
    tp, fp, fn, _ = match_detections(on_edge, [0.9, 0.8], gt, 'distance', 3.0)
    assert (tp, fp, fn) == (1, 1, 1)
    assert match_detections([], [], gt)[:3] == (0, 0, 2)
    assert match_detections(pred, scores, [])[:3] == (0, 3, 0)
    assert precision_recall_f1(0, 0, 0) == (0.0, 0.0, 0.0)
    p, r, f1 = precision_recall_f1(3, 1, 2)
    assert (p, r) == (0.75, 0.6) and f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_metric_counts_the_target_class_only():
    metric = METRICS.build(dict(type='DimTargetMetric', score_thr=0.5))
    s = DetDataSample()
    s.gt_instances = InstanceData(
        bboxes=torch.tensor([[10.0, 10, 13, 13], [30, 30, 33, 33]]),
        labels=torch.tensor([0, 1]),
    )
    s.pred_instances = InstanceData(
        bboxes=torch.tensor(
            [
                [10.0, 11, 13, 14],
                [30, 30, 33, 33],
                [60, 60, 63, 63],
                [80, 80, 83, 83],
            ]
        ),
        scores=torch.tensor([0.9, 0.9, 0.6, 0.4]),
        labels=torch.tensor([0, 0, 0, 0]),
    )
    metric.process({}, [s.to_dict()])
    out = metric.compute_metrics(metric.results)
    # TP: the first; FP: the one on the interference box and the 0.6 one
    assert (out['tp'], out['fp'], out['fn']) == (1, 2, 0)
    assert out['precision'] == pytest.approx(1 / 3) and out['recall'] == 1


# ---------------------------------------------------------------- dataset
def test_one_score_threshold_default_everywhere():
    """Metric, mining functions, both tools and the data base agree (0.5)."""
    import importlib.util
    import inspect

    from conftest import ROOT
    from mmengine.config import Config

    from mmir.det.curation import hard_examples

    def tool(path):
        spec = importlib.util.spec_from_file_location('tool', f'{ROOT}/{path}')
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    defaults = {
        'metric': METRICS.build(dict(type='DimTargetMetric')).score_thr,
        'detect_sequences': inspect.signature(hard_examples.detect_sequences)
        .parameters['score_thr']
        .default,
        'mine_pool': inspect.signature(hard_examples.mine_pool)
        .parameters['score_thr']
        .default,
        'hard_examples tool': tool(
            'tools/curation/dim_target_hard_examples.py'
        )
        .parse_args(['c', 'k', '--pool', 'p'])
        .score_thr,
        'iterate tool': tool('tools/curation/dim_target_iterate.py')
        .parse_args(['c', '--work-dir', 'w', '--pool', 'p'])
        .score_thr,
        'config': Config.fromfile(
            f'{ROOT}/configs/_base_/datasets/synth_ir-sequence.py'
        ).val_evaluator.score_thr,
    }
    assert set(defaults.values()) == {0.5}, defaults
