"""ONNX export of each method's tiny model: onnxruntime's outputs equal
what the PyTorch model predicts through its own data preprocessor and
``test_step`` (not only the export view's outputs)."""

import copy
import os.path as osp

import numpy as np
import pytest
import torch
from conftest import ROOT
from mmengine.config import Config
from mmengine.registry import DefaultScope

pytest.importorskip('onnxruntime')

CONFIGS = dict(
    abmil='configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py',
    dim_target=(
        'configs/dim_target/dim-target_darknet19_chip64_1xb4-20i_'
        'synth-ir-sequence.py'
    ),
    mrife='configs/mrife/mrife_r18-d8-aspp-se_1xb2-20i_synth-landslide.py',
    effnetv2_svm=(
        'configs/effnetv2_svm/effnetv2-b0-svm_c0.1_1xb8-20i_synth-multiband.py'
    ),
    mask_rcnn=(
        'configs/bnsa_mask_rcnn/mask-rcnn_r18-bnsa-fpn_focal-siou_'
        'bce-dice-lovasz_1xb2-20i_synth-ir-instance.py'
    ),
)


def build(method, **model_overrides):
    """(model, cfg) of a method's tiny config, seeded random weights."""
    from mmengine.registry import MODELS

    import mmir.cls  # noqa: F401
    import mmir.det  # noqa: F401
    import mmir.seg  # noqa: F401

    cfg = Config.fromfile(osp.join(ROOT, CONFIGS[method]))
    cfg.merge_from_dict(dict(model=model_overrides))
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model_cfg = copy.deepcopy(cfg.model)
        model_cfg.setdefault('data_preprocessor', cfg.get('data_preprocessor'))
        model = MODELS.build(model_cfg)
        model.init_weights()
    return model.eval(), cfg


def images(shape, seed=1):
    gen = torch.Generator().manual_seed(seed)
    return torch.rand(shape, generator=gen) * 255


def exported(model, shape, tmp_path):
    from mmir.deploy import export_onnx, onnx_session, run_onnx

    path = str(tmp_path / 'model.onnx')
    report = export_onnx(model, path, shape)
    assert report.ok, report.max_abs_diff
    x = images(shape)
    return x, run_onnx(onnx_session(path), x.numpy())


def test_abmil_scores_and_attention_equal_predict(tmp_path):
    from mmpretrain.structures import DataSample

    model, cfg = build('abmil')
    x, (scores, attention) = exported(model, (3, 3, 64, 64), tmp_path)
    with DefaultScope.overwrite_default_scope('mmpretrain'), torch.no_grad():
        preds = model.test_step(
            dict(inputs=list(x), data_samples=[DataSample() for _ in x])
        )
        maps = model.neck.attention_maps()
    ref = torch.stack([p.pred_score for p in preds]).numpy()
    np.testing.assert_allclose(scores, ref, atol=1e-5)
    np.testing.assert_allclose(attention, maps.numpy(), atol=1e-6)
    assert attention.shape == (3, 2, 2)  # 64 px / 32
    np.testing.assert_allclose(attention.sum((1, 2)), 1, atol=1e-5)


def test_effnetv2_fitted_svm_scores_equal_predict(tmp_path):
    from mmpretrain.structures import DataSample

    model, _ = build('effnetv2_svm')
    pre = model.data_preprocessor
    gen = torch.Generator().manual_seed(2)
    pre.set_stats(
        torch.rand(12, generator=gen) * 100, 20 + torch.rand(12, generator=gen)
    )
    with torch.no_grad():
        train = images((16, 12, 64, 64), seed=3)
        emb = model.head.pre_logits(
            model.extract_feat(
                pre.forward(dict(inputs=train), False)['inputs']
            )
        )
    model.head.fit(emb, torch.arange(16) % 2)
    assert bool(model.head.fitted)
    x, (scores,) = exported(model, (2, 12, 64, 64), tmp_path)
    with DefaultScope.overwrite_default_scope('mmpretrain'), torch.no_grad():
        preds = model.test_step(
            dict(inputs=list(x), data_samples=[DataSample() for _ in x])
        )
    ref = torch.stack([p.pred_score for p in preds]).numpy()
    np.testing.assert_allclose(scores, ref, atol=1e-5)
    assert not np.allclose(scores, 0.5)  # the SVM decided something


def test_effnetv2_without_band_statistics_is_refused(tmp_path):
    from mmir.deploy import NotExportable, export_onnx

    model, _ = build('effnetv2_svm')
    with pytest.raises(NotExportable, match='BandStatsHook'):
        export_onnx(model, str(tmp_path / 'm.onnx'), (1, 12, 64, 64))
    assert not (tmp_path / 'm.onnx').exists()


def test_effnetv2_fitted_lgbm_head_is_refused(tmp_path):
    """A fitted LGBM head runs LightGBM, not tensors: refused, nothing
    written; unfitted, the network exports with its train head."""
    from mmir.deploy import NotExportable, export_onnx

    head = dict(
        _delete_=True,
        type='LGBMClsHead',
        params=dict(n_estimators=5, min_child_samples=1),
        train_head=dict(
            type='LinearClsHead',
            num_classes=2,
            in_channels=1280,
            loss=dict(type='CrossEntropyLoss', use_soft=True),
        ),
    )
    model, _ = build('effnetv2_svm', head=head)
    gen = torch.Generator().manual_seed(2)
    model.data_preprocessor.set_stats(
        torch.rand(12, generator=gen) * 100, 20 + torch.rand(12, generator=gen)
    )
    x, (scores,) = exported(model, (2, 12, 64, 64), tmp_path)
    assert scores.shape == (2, 2)
    model.head.fit(torch.randn(8, 1280, generator=gen), torch.arange(8) % 2)
    path = tmp_path / 'lgbm.onnx'
    with pytest.raises(NotExportable, match='LightGBM'):
        export_onnx(model, str(path), (1, 12, 64, 64))
    assert not path.exists()


def test_mrife_seg_logits_equal_predict(tmp_path):
    from mmseg.structures import SegDataSample

    model, _ = build('mrife')
    x, (logits,) = exported(model, (2, 3, 64, 96), tmp_path)
    samples = []
    for _ in x:
        s = SegDataSample()
        s.set_metainfo(
            dict(img_shape=(64, 96), ori_shape=(64, 96), pad_shape=(64, 96))
        )
        samples.append(s)
    with DefaultScope.overwrite_default_scope('mmseg'), torch.no_grad():
        preds = model.test_step(dict(inputs=list(x), data_samples=samples))
    ref = torch.stack([p.seg_logits.data for p in preds]).numpy()
    assert logits.shape == (2, 2, 64, 96)
    np.testing.assert_allclose(logits, ref, atol=1e-4)


def test_dim_target_detections_equal_predict(tmp_path):
    from mmdet.structures import DetDataSample

    from mmir.deploy import detections

    model, cfg = build('dim_target')
    with torch.no_grad():  # scores well above score_thr: NMS has work
        model.bbox_head.conv_pred.bias[4] = 2.0
    x, (boxes, scores) = exported(model, (2, 3, 64, 80), tmp_path)
    assert boxes.shape == (2, 80, 4) and scores.shape == (2, 80, 2)
    samples = []
    for _ in x:
        s = DetDataSample()
        s.set_metainfo(
            dict(img_shape=(64, 80), ori_shape=(64, 80), scale_factor=(1, 1))
        )
        samples.append(s)
    with DefaultScope.overwrite_default_scope('mmdet'), torch.no_grad():
        preds = model.test_step(dict(inputs=list(x), data_samples=samples))
    test_cfg = cfg.model.test_cfg
    for b, pred in enumerate(preds):
        ours = detections(
            boxes[b],
            scores[b],
            score_thr=test_cfg.score_thr,
            nms_pre=test_cfg.nms_pre,
            iou_threshold=test_cfg.nms.iou_threshold,
            max_per_img=test_cfg.max_per_img,
        )
        ref = pred.pred_instances
        assert 5 < len(ref) == len(ours['scores'])
        np.testing.assert_allclose(ours['scores'], ref.scores, atol=1e-5)
        np.testing.assert_allclose(ours['bboxes'], ref.bboxes, atol=1e-3)
        np.testing.assert_array_equal(ours['labels'], ref.labels)


def test_mask_rcnn_is_refused_with_the_reason(tmp_path):
    from mmir.deploy import NotExportable, export_onnx

    model, _ = build('mask_rcnn')
    with pytest.raises(NotExportable, match='MMDeploy'):
        export_onnx(model, str(tmp_path / 'm.onnx'), (1, 3, 64, 64))


def test_size_not_a_multiple_of_the_divisor_is_refused(tmp_path):
    from mmir.deploy import NotExportable, export_onnx

    model, _ = build('dim_target')
    with pytest.raises(NotExportable, match='--shape 64 88'):
        export_onnx(model, str(tmp_path / 'm.onnx'), (1, 3, 60, 84))
