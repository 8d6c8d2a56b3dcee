"""Dim small IR targets (Zhao et al. 2024): difference input, chips, the
dense head's targets / loss / decoding, backbones, the P/R/F1 metric."""
import math

import cv2
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmdet.structures import DetDataSample
from mmdet.structures.bbox import HorizontalBoxes
from mmengine.structures import InstanceData

import mmir.det  # noqa: F401
from mmdet.registry import DATASETS, METRICS, MODELS, TRANSFORMS
from mmir.det.evaluation import match_detections, precision_recall_f1


# ----------------------------------------------------------- input (eq. 1)
def test_difference_is_eq_1_and_16_bit_does_not_wrap():
    f = np.zeros((2, 3, 4), np.uint16)
    f[..., 0] = 10
    f[..., 1] = 65535  # F1 - F2 would wrap in uint16
    f[..., 2] = 3
    f[..., 3] = 10
    out = TRANSFORMS.build(dict(type='SequenceDifference', normalize=None))(
        dict(img=f))['img']
    assert out.shape == (2, 3, 3) and out.dtype == np.float32
    np.testing.assert_array_equal(out[..., 0], 10 - 65535)
    np.testing.assert_array_equal(out[..., 1], 7)
    np.testing.assert_array_equal(out[..., 2], 0)


def test_input_modes_and_robust_scaling():
    rng = np.random.default_rng(0)
    f = rng.normal(1000, 5, (64, 64, 4)).astype(np.float32)
    single = TRANSFORMS.build(dict(type='SequenceDifference', mode='single',
                                   normalize=None))(dict(img=f))['img']
    stack = TRANSFORMS.build(dict(type='SequenceDifference', mode='stack',
                                  normalize=None))(dict(img=f))['img']
    np.testing.assert_array_equal(single[..., 0], f[..., 0])
    np.testing.assert_array_equal(stack, f)
    g = TRANSFORMS.build(dict(type='SequenceDifference'))(dict(img=f))['img']
    # difference of two N(0, 5) frames has sigma 5 sqrt 2: robust -> ~1
    assert np.allclose(np.median(g.reshape(-1, 3), 0), 0, atol=1e-4)
    assert np.allclose(g.reshape(-1, 3).std(0), 1, atol=0.1)
    # quantised frames whose differences are mostly 0: MAD 0 -> std
    q = np.zeros((32, 32, 4), np.uint8)
    q[3, 4, 0] = 50
    g = TRANSFORMS.build(dict(type='SequenceDifference'))(dict(img=q))['img']
    assert np.isfinite(g).all() and g[3, 4, 0] == pytest.approx(
        50 / (q[..., 0].astype(float).std()), rel=1e-4)
    with pytest.raises(ValueError, match='mode'):
        TRANSFORMS.build(dict(type='SequenceDifference', mode='diff'))


# ------------------------------------------------------------------ chips
def _chip_results(boxes, labels, h=512, w=640):
    img = np.arange(h * w, dtype=np.float32).reshape(h, w, 1)
    return dict(img=img, img_shape=(h, w),
                gt_bboxes=HorizontalBoxes(np.asarray(boxes, np.float32)),
                gt_bboxes_labels=np.asarray(labels, np.int64),
                gt_ignore_flags=np.zeros(len(labels), bool))


@pytest.mark.parametrize('size', [16, 32, 64, 80])
@pytest.mark.parametrize('box', [[0, 0, 5, 5], [635, 507, 640, 512],
                                 [300.4, 200.2, 305.4, 205.2],
                                 [0, 300, 3, 303]])
def test_chip_holds_its_target_and_has_the_size_at_borders(size, box):
    np.random.seed(0)
    t = TRANSFORMS.build(dict(type='RandomTargetChip', size=size,
                              background_ratio=0.0))
    for _ in range(20):
        r = t(_chip_results([box], [0]))
        assert r['img'].shape == (size, size, 1)
        x0, y0 = r['chip_offset']
        # the chip is the frame's window at its offset
        assert r['img'][0, 0, 0] == y0 * 640 + x0
        assert len(r['gt_bboxes']) == 1
        b = r['gt_bboxes'].numpy()[0]
        np.testing.assert_allclose(b, np.array(box) - [x0, y0, x0, y0],
                                   atol=1e-4)
        assert (b >= 0).all() and (b <= size).all()


def test_background_chips_and_dropped_boxes():
    np.random.seed(1)
    t = TRANSFORMS.build(dict(type='RandomTargetChip', size=32,
                              background_ratio=1.0))
    boxes = [[10, 10, 15, 15], [600, 480, 605, 485]]
    offsets = set()
    for _ in range(30):
        r = t(_chip_results(boxes, [0, 1]))
        x0, y0 = r['chip_offset']
        offsets.add((x0, y0))
        centres = np.array([[12.5, 12.5], [602.5, 482.5]])
        inside = ((centres >= [x0, y0]) & (centres < [x0 + 32, y0 + 32])
                  ).all(1)
        assert len(r['gt_bboxes']) == inside.sum()
        assert list(r['gt_bboxes_labels']) == list(np.array([0, 1])[inside])
    assert len(offsets) > 20  # placed at random
    # chips centre only on the requested classes; no box -> random chip
    t = TRANSFORMS.build(dict(type='RandomTargetChip', size=16,
                              background_ratio=0.0, labels=[1]))
    for _ in range(10):
        r = t(_chip_results(boxes, [0, 1]))
        assert list(r['gt_bboxes_labels']) == [1]
    r = t(_chip_results(np.zeros((0, 4)), []))
    assert r['img'].shape == (16, 16, 1) and len(r['gt_bboxes']) == 0
    # a frame smaller than the chip is padded
    r = TRANSFORMS.build(dict(type='RandomTargetChip', size=80))(
        _chip_results([[1, 1, 4, 4]], [0], h=50, w=60))
    assert r['img'].shape == (80, 80, 1)


# ------------------------------------------------------------------- head
def _head(**kw):
    cfg = dict(type='DimTargetHead', num_classes=2, in_channels=4,
               feat_channels=4, num_convs=0, stride=8,
               test_cfg=dict(score_thr=0.05, nms=dict(type='nms',
                                                      iou_threshold=0.5),
                             max_per_img=100))
    cfg.update(kw)
    head = MODELS.build(cfg)
    head.init_weights()
    return head


def _gt(boxes, labels):
    return InstanceData(bboxes=torch.tensor(boxes, dtype=torch.float32),
                        labels=torch.tensor(labels))


def test_target_assignment_by_hand():
    head = _head()
    # centres (12, 20) -> cell (2, 1); (13, 21) same cell (second loses it);
    # (40, 4) -> cell (0, 5) with w = 16 = 2 * stride
    gt = _gt([[10.5, 18.5, 13.5, 21.5], [11.5, 19.5, 14.5, 22.5],
              [32, 2, 48, 6]], [0, 1, 1])
    owner, cells, box_t = head.get_targets(gt, h=4, w=6)
    assert cells.tolist() == [2 * 6 + 1, 2 * 6 + 1, 0 * 6 + 5]
    expect = torch.full((24, ), -1)
    expect[13], expect[5] = 0, 2
    assert owner.tolist() == expect.tolist()
    np.testing.assert_allclose(box_t[0], [12 / 8 - 1, 20 / 8 - 2,
                                          math.log(3 / 8), math.log(3 / 8)],
                               atol=1e-6)
    np.testing.assert_allclose(box_t[2], [40 / 8 - 5, 4 / 8 - 0,
                                          math.log(2), math.log(4 / 8)],
                               atol=1e-6)


def test_loss_is_eqs_2_to_4_by_hand():
    a, b = 2.0, 0.5
    head = _head(loss_bbox=dict(type='SmoothL1Loss', beta=1.0,
                                loss_weight=a),
                 loss_cls=dict(type='CrossEntropyLoss', use_sigmoid=True,
                               loss_weight=b),
                 loss_conf=dict(type='CrossEntropyLoss', use_sigmoid=True,
                                loss_weight=b))
    torch.manual_seed(0)
    pred = torch.randn(2, 7, 4, 6)
    gts = [_gt([[10.5, 18.5, 13.5, 21.5]], [0]), _gt(np.zeros((0, 4)), [])]
    metas = [dict(img_shape=(32, 48), batch_input_shape=(32, 48))] * 2
    losses = head.loss_by_feat(pred, gts, metas)
    # direct: image 0, cell (2, 1); image 1 all negative
    p = pred[0, :, 2, 1]
    t = torch.cat([p[:2].sigmoid(), p[2:4]])
    g = torch.tensor([12 / 8 - 1, 20 / 8 - 2, math.log(3 / 8),
                      math.log(3 / 8)])
    loc = F.smooth_l1_loss(t, g, reduction='sum', beta=1.0)
    cls = F.binary_cross_entropy_with_logits(p[5:], torch.tensor([1., 0.]),
                                             reduction='sum')
    conf_t = torch.zeros(2, 4, 6)
    conf_t[0, 2, 1] = 1
    conf = F.binary_cross_entropy_with_logits(pred[:, 4], conf_t,
                                              reduction='sum')
    assert losses['loss_loc'].item() == pytest.approx(a * loc.item() / 2,
                                                      rel=1e-5)
    assert losses['loss_cls'].item() == pytest.approx(b * cls.item() / 2,
                                                      rel=1e-5)
    assert losses['loss_conf'].item() == pytest.approx(b * conf.item() / 2,
                                                       rel=1e-5)
    # per-image / per-label losses of the refinement tool
    per = head.loss_per_image(pred, gts)
    assert per[0]['instances'].shape == (1, )
    inst = a * loc + b * cls + b * F.binary_cross_entropy_with_logits(
        p[4], torch.tensor(1.))
    assert per[0]['instances'][0].item() == pytest.approx(inst.item(),
                                                          rel=1e-5)
    total = sum(losses.values()).item() * 2
    assert (per[0]['total'] + per[1]['total']).item() == pytest.approx(
        total, rel=1e-5)
    assert per[1]['instances'].shape == (0, )
    # empty batch: finite, differentiable
    pred.requires_grad_(True)
    losses = head.loss_by_feat(pred, [gts[1], gts[1]], metas)
    sum(losses.values()).backward()
    assert torch.isfinite(pred.grad).all()


def test_wrong_stride_is_a_clear_error():
    head = _head()
    with pytest.raises(ValueError, match='stride'):
        head.loss_by_feat(torch.zeros(1, 7, 4, 6), [_gt(np.zeros((0, 4)),
                                                        [])],
                          [dict(img_shape=(64, 96),
                                batch_input_shape=(64, 96))])


def test_decoding_to_boxes():
    head = _head()
    pred = torch.full((1, 7, 4, 6), -10.0)
    # one confident target at cell (2, 1): centre offsets 0.5 / 0.25,
    # w = 8 * e^0 = 8, h = 8 * e^{log 0.5} = 4
    pred[0, :, 2, 1] = torch.tensor([0.0, math.log(0.25 / 0.75), 0.0,
                                     math.log(0.5), 10.0, 10.0, -10.0])
    metas = [dict(img_shape=(32, 48), batch_input_shape=(32, 48))]
    res = head.predict_by_feat(pred, metas)[0]
    assert len(res) == 1 and res.labels.tolist() == [0]
    cx, cy = (1 + 0.5) * 8, (2 + 0.25) * 8
    np.testing.assert_allclose(res.bboxes[0].tolist(),
                               [cx - 4, cy - 2, cx + 4, cy + 2], atol=1e-4)
    assert res.scores[0].item() == pytest.approx(
        torch.sigmoid(torch.tensor(10.)).item()**2, rel=1e-5)
    # rescale to the original image when a resize happened
    metas[0]['scale_factor'] = (2.0, 2.0)
    res = head.predict_by_feat(pred, metas, rescale=True)[0]
    np.testing.assert_allclose(res.bboxes[0].tolist(),
                               [(cx - 4) / 2, (cy - 2) / 2, (cx + 4) / 2,
                                (cy + 2) / 2], atol=1e-4)
    # encoding then decoding a box gives it back
    gt = _gt([[17.0, 9.0, 20.0, 12.0]], [1])
    owner, cells, box_t = head.get_targets(gt, 4, 6)
    raw = torch.full((1, 7, 4, 6), -10.0)
    i, j = divmod(cells[0].item(), 6)
    g = box_t[0]
    raw[0, :4, i, j] = torch.stack([torch.logit(g[0]), torch.logit(g[1]),
                                    g[2], g[3]])
    raw[0, 4, i, j], raw[0, 6, i, j] = 10.0, 10.0
    res = head.predict_by_feat(raw, [dict(img_shape=(32, 48))])[0]
    np.testing.assert_allclose(res.bboxes[0].tolist(), [17, 9, 20, 12],
                               atol=1e-4)
    assert res.labels.tolist() == [1]


# -------------------------------------------------------------- backbones
BACKBONES = {
    'DarkNet-19': (dict(type='DarkNet19', out_indices=(3, )), 256),
    'ResNet-18': (dict(type='ResNet', depth=18, num_stages=2,
                       out_indices=(1, ), strides=(1, 2),
                       dilations=(1, 1)), 128),
    'GoogLeNet': (dict(type='GoogLeNet', out_indices=(2, )), 480),
    'SqueezeNet': (dict(type='SqueezeNet', out_indices=(2, )), 256),
    'MobileNetV2': (dict(type='InputAdapter', backbone=dict(
        type='MobileNetV2', out_indices=(2, ))), 32),
    'EfficientNet': (dict(type='InputAdapter', backbone=dict(
        type='EfficientNet', arch='b0', out_indices=(3, ))), 40),
}


@pytest.mark.parametrize('name', list(BACKBONES))
@pytest.mark.parametrize('in_channels', [1, 3, 4])
def test_every_backbone_gives_stride_8(name, in_channels):
    cfg, channels = BACKBONES[name]
    model = MODELS.build(dict(cfg, in_channels=in_channels))
    model.eval()  # mmdet's ResNet.train returns None
    with torch.no_grad():
        out = model(torch.randn(1, in_channels, 40, 56))
    assert len(out) == 1 and out[0].shape == (1, channels, 5, 7)


def test_input_adapter_truncates_and_loads_rgb_weights(tmp_path):
    full = MODELS.build(dict(type='MobileNetV2', out_indices=(2, )))
    torch.save(dict(state_dict=full.state_dict()), tmp_path / 'rgb.pth')
    model = MODELS.build(dict(
        type='InputAdapter', in_channels=4,
        backbone=dict(type='MobileNetV2', out_indices=(2, ),
                      init_cfg=dict(type='MultiBandPretrained',
                                    checkpoint=str(tmp_path / 'rgb.pth'),
                                    mode='mean'))))
    assert not hasattr(model.backbone, 'layer4')
    assert len(model.backbone.layers) == 3
    import mmir.cls  # noqa: F401 (registers MultiBandPretrained)
    model.init_weights()
    w = model.backbone.conv1.conv.weight
    assert w.shape[1] == 4
    rgb = full.conv1.conv.weight
    torch.testing.assert_close(w, rgb.mean(1, keepdim=True).repeat(
        1, 4, 1, 1) * 3 / 4)


# ----------------------------------------------------------------- metric
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
    tp, fp, fn, m = match_detections([[10, 10, 13, 13], [10, 10, 13, 13]],
                                     [0.2, 0.9], [[10, 10, 13, 13]])
    assert (tp, fp, fn) == (1, 1, 0) and m.tolist() == [-1, 0]
    assert match_detections([], [], gt)[:3] == (0, 0, 2)
    assert match_detections(pred, scores, [])[:3] == (0, 3, 0)
    assert precision_recall_f1(0, 0, 0) == (0.0, 0.0, 0.0)
    p, r, f1 = precision_recall_f1(3, 1, 2)
    assert (p, r) == (0.75, 0.6) and f1 == pytest.approx(2 * .75 * .6 / 1.35)


def test_metric_counts_the_target_class_only():
    metric = METRICS.build(dict(type='DimTargetMetric', score_thr=0.5))
    s = DetDataSample()
    s.gt_instances = InstanceData(
        bboxes=torch.tensor([[10., 10, 13, 13], [30, 30, 33, 33]]),
        labels=torch.tensor([0, 1]))
    s.pred_instances = InstanceData(
        bboxes=torch.tensor([[10., 11, 13, 14], [30, 30, 33, 33],
                             [60, 60, 63, 63], [80, 80, 83, 83]]),
        scores=torch.tensor([0.9, 0.9, 0.6, 0.4]),
        labels=torch.tensor([0, 0, 0, 0]))
    metric.process({}, [s.to_dict()])
    out = metric.compute_metrics(metric.results)
    # TP: the first; FP: the one on the interference box and the 0.6 one
    assert (out['tp'], out['fp'], out['fn']) == (1, 2, 0)
    assert out['precision'] == pytest.approx(1 / 3) and out['recall'] == 1


# ---------------------------------------------------------------- dataset
def _write_sequence(root, bit_depth=16, n=6):
    import json
    (root / 'frames' / 's0').mkdir(parents=True)
    images, anns = [], []
    for t in range(n):
        frame = np.full((24, 32), 1000 + t, np.uint16) if bit_depth == 16 \
            else np.full((24, 32), 10 + t, np.uint8)
        cv2.imwrite(str(root / 'frames' / 's0' / f'{t:06d}.png'), frame)
        images.append(dict(id=t + 1, file_name=f's0/{t:06d}.png',
                           video_id=1, frame_id=t, height=24, width=32))
        anns.append(dict(id=t + 1, image_id=t + 1, category_id=1,
                         bbox=[t, 2, 3, 3], instance_id=7))
    (root / 'ann.json').write_text(json.dumps(dict(
        images=images, annotations=anns, videos=[dict(id=1, name='s0')],
        categories=[dict(id=1, name='target'),
                    dict(id=2, name='interference')])))


@pytest.mark.parametrize('bit_depth', [8, 16])
def test_dataset_samples_and_loading(tmp_path, bit_depth):
    _write_sequence(tmp_path, bit_depth)
    pipeline = [dict(type='LoadSequenceFrames'),
                dict(type='SequenceDifference', normalize=None)]
    ds = DATASETS.build(dict(type='IRSequenceDataset',
                             data_root=str(tmp_path), ann_file='ann.json',
                             data_prefix=dict(img='frames/'),
                             pipeline=pipeline))
    assert len(ds) == 3  # frames 3, 4, 5 have F2..F4 = t-1..t-3
    info = ds.get_data_info(0)
    assert info['frame_id'] == 3
    assert [p[-10:] for p in info['img_paths']] == [
        '000003.png', '000002.png', '000001.png', '000000.png']
    assert info['instances'][0]['bbox'] == [3, 2, 6, 5]
    img = ds[0]['img']
    np.testing.assert_array_equal(img[0, 0], [1, 2, 3])  # F1 - F2..F4
    ds = DATASETS.build(dict(type='IRSequenceDataset',
                             data_root=str(tmp_path), ann_file='ann.json',
                             data_prefix=dict(img='frames/'),
                             edge='replicate', pipeline=pipeline))
    assert len(ds) == 6
    assert ds.get_data_info(0)['img_paths'][-1].endswith('000000.png')


def test_dataset_errors_name_the_file(tmp_path):
    import json
    _write_sequence(tmp_path)
    raw = json.loads((tmp_path / 'ann.json').read_text())
    del raw['images'][2]['frame_id']
    (tmp_path / 'bad.json').write_text(json.dumps(raw))
    with pytest.raises(ValueError, match=r'bad.json.*images\[2\].*frame_id'):
        DATASETS.build(dict(type='IRSequenceDataset',
                            data_root=str(tmp_path), ann_file='bad.json'))
    raw = json.loads((tmp_path / 'ann.json').read_text())
    raw['categories'][0]['name'] = 'plane'
    (tmp_path / 'bad.json').write_text(json.dumps(raw))
    with pytest.raises(ValueError, match="bad.json.*'plane'"):
        DATASETS.build(dict(type='IRSequenceDataset',
                            data_root=str(tmp_path), ann_file='bad.json'))
    with pytest.raises(ValueError, match='frame_offsets'):
        DATASETS.build(dict(type='IRSequenceDataset', frame_offsets=(-1, 0),
                            data_root=str(tmp_path), ann_file='ann.json'))


def test_one_score_threshold_default_everywhere():
    """Metric, mining functions, both tools and the data base agree (0.5)."""
    import importlib.util
    import inspect

    from mmengine.config import Config

    from conftest import ROOT
    from mmir.det.curation import hard_examples

    def tool(path):
        spec = importlib.util.spec_from_file_location('tool', f'{ROOT}/{path}')
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    defaults = {
        'metric': METRICS.build(dict(type='DimTargetMetric')).score_thr,
        'detect_sequences': inspect.signature(
            hard_examples.detect_sequences).parameters['score_thr'].default,
        'mine_pool': inspect.signature(
            hard_examples.mine_pool).parameters['score_thr'].default,
        'hard_examples tool': tool(
            'tools/curation/dim_target_hard_examples.py').parse_args(
                ['c', 'k', '--pool', 'p']).score_thr,
        'iterate tool': tool('tools/curation/dim_target_iterate.py').parse_args(
            ['c', '--work-dir', 'w', '--pool', 'p']).score_thr,
        'config': Config.fromfile(
            f'{ROOT}/configs/_base_/datasets/synth_ir-sequence.py'
        ).val_evaluator.score_thr,
    }
    assert set(defaults.values()) == {0.5}, defaults
