"""The dense head of the dim-small-target network (Zhao et al. 2024, eqs.
2-4)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import torch
import torch.nn as nn
from mmcv.cnn import ConvModule
from mmdet.models.dense_heads.base_dense_head import BaseDenseHead
from mmdet.models.utils import filter_scores_and_topk
from mmdet.registry import MODELS
from mmengine.config import ConfigDict
from mmengine.model import bias_init_with_prob, normal_init
from mmengine.structures import InstanceData

from mmir.utils.precision import at_least_float32

if TYPE_CHECKING:
    from torch import Tensor


@MODELS.register_module()
class DimTargetHead(BaseDenseHead):
    """Single-scale dense head of the dim-small-target network (Zhao et al.,
    IEEE Access 2024, Fig. 10 and eqs. 2-4).

    Every cell of the stride-``s`` feature map predicts ``(x, y, w, h)``,
    an objectness ``conf`` and one score per class (``c1 = target``,
    ``c2 = interference``): ``(B, 5 + C, H, W)``. Box encoding of a ground
    truth of centre ``(cx, cy)`` and size ``(bw, bh)`` in cell
    ``(i, j) = (floor(cy / s), floor(cx / s))`` (the cell holding its centre
    is its only positive; where several centres share a cell, the first
    listed keeps it)::

        g_x = cx / s - j,  g_y = cy / s - i,  t_x = sigmoid(p_x), ...
        g_w = log(bw / base_size),  g_h = log(bh / base_size),  t_w = p_w

    Loss, summed over cells and divided by the number of images::

        Loss = a * sum_pos sum_{x,y,w,h} smoothL1(t_i, g_i)                (3)
             + b * [sum_pos sum_{c1,c2} BCE(p_c, p_c*)
                    + sum_all BCE(p_conf, p_conf*)]                         (4)

    with ``a`` = ``loss_bbox.loss_weight`` and ``b`` =
    ``loss_cls.loss_weight`` = ``loss_conf.loss_weight`` (eq. 2). Reported
    as ``loss_loc``, ``loss_cls``, ``loss_conf``.

    Decoding: score = sigmoid(conf) x sigmoid(c_k), boxes above
    ``test_cfg.score_thr``, clipped to the image, then mmdet's NMS and
    ``max_per_img`` (``_bbox_post_process``).

    Args:
        num_classes (int): classes (2: target, interference).
        in_channels (int): channels of the backbone feature.
        feat_channels (int): channels of the ``num_convs`` 3x3 convs.
        stride (int): output stride the backbone must give (checked).
        base_size (float, optional): box size of ``t_w = 0`` (default:
            ``stride``).
    """

    def __init__(
        self,
        num_classes: int = 2,
        in_channels: int = 128,
        feat_channels: int = 128,
        num_convs: int = 2,
        stride: int = 8,
        base_size: float | None = None,
        loss_bbox: dict = dict(type='SmoothL1Loss', beta=1.0, loss_weight=1.0),
        loss_cls: dict = dict(
            type='CrossEntropyLoss', use_sigmoid=True, loss_weight=1.0
        ),
        loss_conf: dict = dict(
            type='CrossEntropyLoss', use_sigmoid=True, loss_weight=1.0
        ),
        norm_cfg: dict = dict(type='BN'),
        act_cfg: dict = dict(type='LeakyReLU', negative_slope=0.1),
        feat_index: int = -1,
        train_cfg: dict | None = None,
        test_cfg: dict | None = None,
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_classes = num_classes
        self.stride = int(stride)
        self.base_size = float(base_size or stride)
        self.feat_index = feat_index
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg
        convs = []
        for k in range(num_convs):
            convs.append(
                ConvModule(
                    in_channels if k == 0 else feat_channels,
                    feat_channels,
                    3,
                    padding=1,
                    norm_cfg=norm_cfg,
                    act_cfg=act_cfg,
                )
            )
        self.convs = nn.Sequential(*convs)
        self.conv_pred = nn.Conv2d(
            feat_channels if num_convs else in_channels, 5 + num_classes, 1
        )
        self.loss_bbox = MODELS.build(loss_bbox)
        self.loss_cls = MODELS.build(loss_cls)
        self.loss_conf = MODELS.build(loss_conf)

    def init_weights(self) -> None:
        super().init_weights()
        normal_init(self.conv_pred, std=0.01)
        with torch.no_grad():
            self.conv_pred.bias[:4] = 0
            self.conv_pred.bias[4:] = bias_init_with_prob(0.01)

    def forward(self, x: Sequence[Tensor]) -> tuple[Tensor]:
        """``x``: backbone/neck features; returns ``(pred, )``,
        ``pred`` of shape ``(B, 5 + C, H, W)``."""
        feat = x[self.feat_index] if isinstance(x, (tuple, list)) else x
        return (self.conv_pred(self.convs(feat)),)

    # ------------------------------------------------------------ targets
    def _check_stride(self, pred, img_metas):
        h, w = pred.shape[-2:]
        ph, pw = img_metas[0].get(
            'batch_input_shape', img_metas[0]['img_shape']
        )[:2]
        if (
            math.ceil(ph / self.stride) != h
            or math.ceil(pw / self.stride) != w
        ):
            raise ValueError(
                f'DimTargetHead(stride={self.stride}) got a {h}x{w} feature '
                f'map for a {ph}x{pw} input (stride {ph / h:g}); set the '
                f'backbone out_indices / the head stride so they agree'
            )

    def get_targets(
        self, gt_instances: InstanceData, h: int, w: int
    ) -> tuple[Tensor, Tensor, Tensor]:
        """Per-cell targets of one image.

        Returns ``owner`` (H*W,) long (index of the ground truth a cell is
        positive for, -1 for negatives), ``cells`` (n,) long (the cell of
        every ground truth) and ``box_targets`` (n, 4) = (g_x, g_y, g_w,
        g_h) of every ground truth.
        """
        boxes = gt_instances.bboxes
        boxes = boxes.tensor if hasattr(boxes, 'tensor') else boxes
        boxes = boxes.float()
        n = len(boxes)
        device = boxes.device
        s = self.stride
        cx = (boxes[:, 0] + boxes[:, 2]) / 2
        cy = (boxes[:, 1] + boxes[:, 3]) / 2
        bw = (boxes[:, 2] - boxes[:, 0]).clamp(min=1e-3)
        bh = (boxes[:, 3] - boxes[:, 1]).clamp(min=1e-3)
        j = (cx / s).floor().long().clamp(0, w - 1)
        i = (cy / s).floor().long().clamp(0, h - 1)
        cells = i * w + j
        box_targets = torch.stack(
            [
                (cx / s - j).clamp(0, 1),
                (cy / s - i).clamp(0, 1),
                torch.log(bw / self.base_size),
                torch.log(bh / self.base_size),
            ],
            dim=1,
        )
        owner = torch.full((h * w,), n, dtype=torch.long, device=device)
        if n:
            owner.scatter_reduce_(
                0, cells, torch.arange(n, device=device), reduce='amin'
            )
        owner[owner == n] = -1
        return owner, cells, box_targets

    def cell_losses(
        self,
        raw: Tensor,
        box_targets: Tensor,
        conf_targets: Tensor,
        cls_targets: Tensor,
    ) -> tuple[Tensor, Tensor, Tensor]:
        """Unreduced, weighted losses of ``M`` cells: ``raw`` (M, 5 + C)
        predictions against (M, 4) box, (M,) conf and (M, C) class targets;
        returns (loc, conf, cls), each (M,) (summed over the four box terms
        and over the classes)."""
        if len(raw) == 0:  # mmdet's losses return a scalar for no targets
            empty = raw.sum(1)
            return empty, empty, empty
        t = torch.cat([raw[:, :2].sigmoid(), raw[:, 2:4]], dim=1)
        loc = self.loss_bbox(t, box_targets, reduction_override='none').sum(1)
        conf = self.loss_conf(
            raw[:, 4], conf_targets, reduction_override='none'
        )
        cls = self.loss_cls(
            raw[:, 5:], cls_targets, reduction_override='none'
        ).sum(1)
        return loc, conf, cls

    def _image_losses(self, pred, gt_instances, per_instance: bool = False):
        """Per-cell losses of one image ``pred`` (5 + C, H, W): ``dict(loc=,
        conf=, cls=)`` each (H*W,) (loc and cls 0 at negatives), ``owner``
        (H*W,) from :meth:`get_targets` and, with ``per_instance``,
        ``instances`` (n,): each ground truth's loss at its own cell."""
        c, h, w = pred.shape
        (raw,) = at_least_float32(pred.permute(1, 2, 0).reshape(h * w, c))
        owner, cells, box_t = self.get_targets(gt_instances, h, w)
        pos = owner >= 0
        labels = gt_instances.labels.long()
        onehot = torch.zeros(len(labels), self.num_classes, device=raw.device)
        if len(labels):
            onehot[torch.arange(len(labels), device=raw.device), labels] = 1
        box_cells = raw.new_zeros(h * w, 4)
        cls_cells = raw.new_zeros(h * w, self.num_classes)
        box_cells[pos] = box_t[owner[pos]]
        cls_cells[pos] = onehot[owner[pos]]
        loc, conf, cls = self.cell_losses(
            raw, box_cells, pos.float(), cls_cells
        )
        out = dict(
            loc=torch.where(pos, loc, torch.zeros_like(loc)),
            conf=conf,
            cls=torch.where(pos, cls, torch.zeros_like(cls)),
            owner=owner,
        )
        if per_instance:
            out['instances'] = sum(
                self.cell_losses(
                    raw[cells], box_t, raw.new_ones(len(cells)), onehot
                )
            )
        return out

    def loss_by_feat(
        self,
        pred: Tensor,
        batch_gt_instances: Sequence[InstanceData],
        batch_img_metas: Sequence[dict],
        batch_gt_instances_ignore: Sequence[InstanceData] | None = None,
    ) -> dict[str, Tensor]:
        """Eqs. (2)-(4) summed over cells, divided by the batch size."""
        self._check_stride(pred, batch_img_metas)
        loc = conf = cls = pred.sum() * 0
        for p, gt in zip(pred, batch_gt_instances):
            losses = self._image_losses(p, gt)
            loc = loc + losses['loc'].sum()
            conf = conf + losses['conf'].sum()
            cls = cls + losses['cls'].sum()
        n = len(batch_gt_instances)
        return dict(loss_loc=loc / n, loss_cls=cls / n, loss_conf=conf / n)

    def loss_per_image(
        self, pred: Tensor, batch_gt_instances: Sequence[InstanceData]
    ) -> list[dict]:
        """For label refinement (section III-B): per image the total loss
        of eq. (2) over all its cells, and per ground truth the loss of its
        cell against that label (loc + class + conf = 1). Returns a list of
        ``dict(total=, loc=, cls=, conf=, instances=(n,), cells=(H, W),
        owner=(H, W))``: ``cells`` the loss of every cell, ``owner`` the
        ground truth a cell is positive for (-1: none)."""
        out = []
        for p, gt in zip(pred, batch_gt_instances):
            h, w = p.shape[-2:]
            losses = self._image_losses(p, gt, per_instance=True)
            loc, conf, cls = losses['loc'], losses['conf'], losses['cls']
            out.append(
                dict(
                    total=loc.sum() + conf.sum() + cls.sum(),
                    loc=loc.sum(),
                    cls=cls.sum(),
                    conf=conf.sum(),
                    instances=losses['instances'],
                    cells=(loc + conf + cls).reshape(h, w),
                    owner=losses['owner'].reshape(h, w),
                )
            )
        return out

    # ----------------------------------------------------------- decoding
    def decode(self, pred: Tensor) -> tuple[Tensor, Tensor]:
        """``pred`` (..., 5 + C, H, W) -> boxes (..., H*W, 4) xyxy in input
        pixels and scores (..., H*W, C) = sigmoid(conf) * sigmoid(c)."""
        c, h, w = pred.shape[-3:]
        raw = pred.flatten(-2).transpose(-1, -2)  # (..., H*W, 5 + C)
        i, j = torch.meshgrid(
            torch.arange(h, device=pred.device),
            torch.arange(w, device=pred.device),
            indexing='ij',
        )
        s = self.stride
        cx = (j.reshape(-1) + raw[..., 0].sigmoid()) * s
        cy = (i.reshape(-1) + raw[..., 1].sigmoid()) * s
        max_log = math.log(4096 / self.base_size)
        bw = self.base_size * raw[..., 2].clamp(max=max_log).exp()
        bh = self.base_size * raw[..., 3].clamp(max=max_log).exp()
        boxes = torch.stack(
            [cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], dim=-1
        )
        scores = raw[..., 4:5].sigmoid() * raw[..., 5:].sigmoid()
        return boxes, scores

    def predict_by_feat(
        self,
        pred: Tensor,
        batch_img_metas: Sequence[dict],
        cfg: dict | None = None,
        rescale: bool = False,
        with_nms: bool = True,
    ) -> list[InstanceData]:
        self._check_stride(pred, batch_img_metas)
        cfg = ConfigDict(self.test_cfg if cfg is None else cfg)
        results_list = []
        for p, meta in zip(pred, batch_img_metas):
            boxes, scores = self.decode(p)
            h, w = meta['img_shape'][:2]
            boxes[:, 0::2] = boxes[:, 0::2].clamp(0, w)
            boxes[:, 1::2] = boxes[:, 1::2].clamp(0, h)
            scores, labels, _, kept = filter_scores_and_topk(
                scores,
                cfg.get('score_thr', 0.05),
                cfg.get('nms_pre', 1000),
                dict(bboxes=boxes),
            )
            results = InstanceData(
                bboxes=kept['bboxes'], scores=scores, labels=labels
            )
            results_list.append(
                self._bbox_post_process(
                    results,
                    cfg,
                    rescale=rescale and 'scale_factor' in meta,
                    with_nms=with_nms,
                    img_meta=meta,
                )
            )
        return results_list
