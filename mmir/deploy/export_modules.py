"""Plain-tensor views of mmir's models, the graphs that go to ONNX.

Each wraps a built (and loaded) model and maps one batch of pipeline
outputs ``(B, C, H, W)`` (float, before the data preprocessor) to tensors:

* :class:`ClassifierExport` (mmpretrain ``ImageClassifier``: ABMIL,
  EfficientNetV2 + SVM/linear head): ``scores (B, K)``, the ``pred_score``
  of ``model.predict``; with an :class:`~mmir.cls.models.necks.ABMILPooling`
  neck also ``attention (B, h, w)`` (its eq. 2 weights on the feature map).
* :class:`SegmentorExport` (mmseg ``EncoderDecoder``, MRIFE's inference
  branch ``E_seg`` fused with the student/teacher encoder):
  ``seg_logits (B, K, H, W)``, as ``model.predict``'s ``seg_logits``
  (whole-image inference).
* :class:`DenseDetectorExport` (mmdet ``SingleStageDetector`` with a
  :class:`~mmir.det.models.dense_heads.DimTargetHead`): ``boxes (B, N, 4)``
  xyxy in input pixels, clipped, and ``scores (B, N, C)`` of every cell
  (``N = H/8 * W/8``), before the score threshold and NMS, which
  :func:`mmir.deploy.postprocess.detections` applies as mmdet does.

The data preprocessor's channel flip and normalisation are part of the
graph; its padding is not (the input size must be a multiple of its
``pad_size_divisor``, checked by :func:`export_module`).
"""

from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = [
    'ClassifierExport',
    'DenseDetectorExport',
    'NotExportable',
    'SegmentorExport',
    'export_module',
    'size_divisor',
]


class NotExportable(ValueError):
    """The model has no ONNX path here (the message says why)."""


class _Normalize(nn.Module):
    """The data preprocessor's ``x[:, [2, 1, 0]]`` (when it converts BGR
    to RGB) and ``(x - mean) / std``."""

    def __init__(self, preprocessor: nn.Module) -> None:
        super().__init__()
        self.flip = any(  # mmengine/mmdet, mmseg, mmpretrain spellings
            getattr(preprocessor, name, False)
            for name in ('_channel_conversion', 'channel_conversion', 'to_rgb')
        )
        normalize = getattr(preprocessor, '_enable_normalize', False)
        mean = getattr(preprocessor, 'mean', None) if normalize else None
        if mean is not None and not bool(
            getattr(preprocessor, 'stats_ready', True)
        ):
            raise NotExportable(
                f'{type(preprocessor).__name__} has no band statistics: '
                'export a checkpoint trained with BandStatsHook'
            )
        self.normalize = mean is not None
        if self.normalize:
            self.register_buffer('mean', mean.detach().reshape(1, -1, 1, 1))
            self.register_buffer(
                'std', preprocessor.std.detach().reshape(1, -1, 1, 1)
            )

    @property
    def channels(self) -> int | None:
        return self.mean.shape[1] if self.normalize else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.flip and x.shape[1] == 3:
            x = x[:, [2, 1, 0]]
        if self.normalize:
            x = (x - self.mean) / self.std
        return x


def size_divisor(model: nn.Module) -> int:
    """The multiple the data preprocessor pads inputs to (1: none)."""
    pre = model.data_preprocessor
    return int(
        getattr(pre, 'pad_size_divisor', None)
        or getattr(pre, 'size_divisor', None)
        or 1
    )


class ClassifierExport(nn.Module):
    """``inputs (B, C, H, W)`` -> ``scores (B, K)`` [, ``attention``]."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model
        self.normalize = _Normalize(model.data_preprocessor)
        from mmir.cls.models.necks.abmil import ABMILPooling

        self.abmil = isinstance(getattr(model, 'neck', None), ABMILPooling)
        self.output_names = ['scores'] + (['attention'] * self.abmil)

    def scores(self, feats: tuple[torch.Tensor, ...]) -> torch.Tensor:
        from mmir.cls.models.heads.binary_head import BinaryLinearClsHead
        from mmir.cls.models.heads.embedding_classifier_head import (
            EmbeddingClassifierHead,
            LGBMClsHead,
        )

        head = self.model.head
        if isinstance(head, BinaryLinearClsHead):
            p = torch.sigmoid(head(feats)).squeeze(1)
            return torch.stack([1 - p, p], dim=1)
        if isinstance(head, EmbeddingClassifierHead) and bool(head.fitted):
            if isinstance(head, LGBMClsHead):
                raise NotExportable(
                    'LGBMClsHead runs LightGBM, not tensors: export the '
                    'network with the train head (model.head.fitted=False) '
                    'or use the SVM head'
                )
            logits = head.decision(head.pre_logits(feats))
        else:
            logits = head(feats)
        return F.softmax(logits, dim=1)

    def forward(
        self, inputs: torch.Tensor
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        feats = self.model.extract_feat(self.normalize(inputs))
        scores = self.scores(feats)
        if not self.abmil:
            return scores
        neck = self.model.neck
        b, n = neck.last_attention.shape
        hw = neck.last_hw or (1, n)
        return scores, neck.last_attention.reshape(b, *hw)


class SegmentorExport(nn.Module):
    """``inputs (B, C, H, W)`` -> ``seg_logits (B, K, H, W)``."""

    output_names = ['seg_logits']

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model
        self.normalize = _Normalize(model.data_preprocessor)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        h, w = inputs.shape[-2:]
        metas = [dict(img_shape=(h, w), pad_shape=(h, w))] * inputs.shape[0]
        return self.model.encode_decode(self.normalize(inputs), metas)


class DenseDetectorExport(nn.Module):
    """``inputs (B, C, H, W)`` -> ``boxes (B, N, 4)``, ``scores (B, N, C)``
    (:meth:`DimTargetHead.decode` of every cell, boxes clipped)."""

    output_names = ['boxes', 'scores']

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model
        self.normalize = _Normalize(model.data_preprocessor)

    def forward(
        self, inputs: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        h, w = inputs.shape[-2:]
        pred = self.model.bbox_head(
            self.model.extract_feat(self.normalize(inputs))
        )[0]
        boxes, scores = self.model.bbox_head.decode(pred)
        x = boxes[..., 0::2].clamp(0, w)
        y = boxes[..., 1::2].clamp(0, h)
        boxes = torch.stack([x[..., 0], y[..., 0], x[..., 1], y[..., 1]], -1)
        return boxes, scores


def export_module(model: nn.Module) -> nn.Module:
    """The export view of ``model`` (eval mode, SyncBN reverted to BN), or
    :class:`NotExportable` saying why there is none."""
    from mmengine.model import revert_sync_batchnorm

    model = revert_sync_batchnorm(model).eval()
    kind = type(model).__name__
    head = getattr(model, 'bbox_head', None)
    if getattr(model, 'roi_head', None) is not None or kind == 'MaskRCNN':
        raise NotExportable(
            f'{kind} is not exported by mmir: its RoIAlign and NMS are mmcv '
            'ops whose ONNX symbolics mmcv 2.x dropped (they moved to '
            'MMDeploy and its custom onnxruntime ops). Use MMDeploy '
            '(mmdeploy/configs/mmdet/instance-seg) for Mask R-CNN'
        )
    if head is not None:
        from mmir.det.models.dense_heads.dim_target_head import DimTargetHead

        if not isinstance(head, DimTargetHead):
            raise NotExportable(
                f'{kind} with {type(head).__name__}: mmir exports the '
                'DimTargetHead detector; for stock mmdet heads use MMDeploy'
            )
        return DenseDetectorExport(model).eval()
    if hasattr(model, 'decode_head'):
        return SegmentorExport(model).eval()
    if hasattr(model, 'head') and hasattr(model, 'extract_feat'):
        return ClassifierExport(model).eval()
    raise NotExportable(f'{kind}: no ONNX export view for this model type')
