"""MRIFE: mask-recovering and interactive-feature-enhancing segmentor
(He et al., MRIFE, sec. III)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.config import ConfigDict
from mmengine.model import BaseModule
from mmseg.models.segmentors import EncoderDecoder
from mmseg.registry import MODELS
from torch import Tensor

from ..losses.block_contrast_loss import BlockContrastLoss
from ..utils.block_mask import BlockMasker, BlockMasks

if TYPE_CHECKING:
    from mmseg.structures import SegDataSample


class FeatureEncoder(BaseModule):
    """Backbone + neck as one module: (B, 3, H, W) -> (B, C, H/s, W/s)."""

    def __init__(
        self,
        backbone: dict,
        neck: dict,
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        super().__init__(init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck)

    def forward(self, x: Tensor) -> Tensor:
        return self.neck(self.backbone(x))[-1]


@MODELS.register_module()
class MRIFE(EncoderDecoder):
    """Dual-branch segmentor with a teacher-student enhancement branch.

    Three encoders of one architecture and separate parameters: the
    segmentation branch E_seg (``backbone`` + ``neck``, as in
    :class:`EncoderDecoder`), the student E_s and the teacher E_t. Training::

        M      = mask module(gt)                 blocks chosen per image
        f      = E_seg(img),  f_ad = E_s(mask(img)),  f_t = E_t(img) (no grad)
        logits = decoder(fuse(f, f_ad))
        L_Reconst = mean over pairs (MSE_1 + MSE_2)            eqs. 2-3
            MSE_i = mean (f_ad[M_i] - f_t[M_i])^2 over the masked points
        L_Cons = mean over pairs (L_cons(f_ad1[M_1] u f_t2[M_2])
                                  + L_cons(f_ad2[M_2] u f_t1[M_1]))  eqs. 4-6
        Loss = alpha L_Reconst + beta L_Cons + gamma L_CE          eq. 8

    Images of a batch that have masked blocks are paired in batch order
    (the sampler shuffles, so the pairs are random); an odd one out adds its
    MSE alone. Images without class-1 blocks (negatives) add only L_CE.
    gamma is the decode head's ``loss_decode.loss_weight``. At test time
    f_ad = E_t(img) (``test_branch='teacher'``, end of sec. III-D). E_t is
    updated by :class:`TeacherEMAHook`; it gets no gradient and starts as a
    copy of E_s.

    Args:
        encoder (dict): ``backbone`` and ``neck`` configs of one encoder.
        decode_head (dict): the decoder (e.g. ``TransposedConvHead``).
        masker (dict): :class:`BlockMasker` arguments (``ignore_index``
            defaults to the decode head's).
        fusion (str): 'add' (point-to-point, the paper's) or 'concat'
            (channel concatenation + 1x1 convolution, sec. V-C-3).
        reconst_weight (float): alpha; 0 disables masked feature modeling.
        cons_weight (float): beta; 0 disables contrast enhancement.
        temperature (float): tau of eq. 5.
        cons_reduction (str): 'mean' or 'sum' (eq. 4 as printed), see
            :func:`block_contrast_loss`.
        test_branch (str): 'teacher' or 'student' enhancement at test time.
    """

    def __init__(
        self,
        encoder: dict,
        decode_head: dict,
        masker: Optional[dict] = None,
        fusion: str = 'add',
        reconst_weight: float = 1.0,
        cons_weight: float = 1.0,
        temperature: float = 0.07,
        cons_reduction: str = 'mean',
        test_branch: str = 'teacher',
        auxiliary_head: dict | None = None,
        train_cfg: dict | None = None,
        test_cfg: dict | None = None,
        data_preprocessor: dict | None = None,
        init_cfg: dict | list[dict] | None = None,
    ):
        for key in ('backbone', 'neck'):
            if key not in encoder:
                raise KeyError(f'MRIFE: encoder needs a {key!r} config')
        if fusion not in ('add', 'concat'):
            raise ValueError(
                f"MRIFE: fusion={fusion!r}; expected 'add' or 'concat'"
            )
        if test_branch not in ('teacher', 'student'):
            raise ValueError(
                f'MRIFE: test_branch={test_branch!r}; expected '
                "'teacher' or 'student'"
            )
        super().__init__(
            backbone=copy.deepcopy(encoder['backbone']),
            neck=copy.deepcopy(encoder['neck']),
            decode_head=decode_head,
            auxiliary_head=auxiliary_head,
            train_cfg=train_cfg,
            test_cfg=test_cfg or ConfigDict(mode='whole'),
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg,
        )
        self.student = FeatureEncoder(
            copy.deepcopy(encoder['backbone']), copy.deepcopy(encoder['neck'])
        )
        self.teacher = copy.deepcopy(self.student)
        self.teacher.requires_grad_(False)
        channels = self.student.neck.out_channels
        self.fusion = fusion
        if fusion == 'concat':
            self.fuse_conv = nn.Conv2d(2 * channels, channels, 1)
        masker = dict(masker or {})
        masker.setdefault('ignore_index', self.decode_head.ignore_index)
        self.masker = BlockMasker(**masker)
        self.reconst_weight = reconst_weight
        self.cons_weight = cons_weight
        self.cons_loss = BlockContrastLoss(temperature, cons_reduction)
        self.test_branch = test_branch

    def init_weights(self) -> None:
        super().init_weights()
        self.teacher.load_state_dict(self.student.state_dict())

    def _seg_feat(self, inputs: Tensor) -> Tensor:
        return super().extract_feat(inputs)[-1]

    def _fuse(self, feat: Tensor, enhanced: Tensor) -> List[Tensor]:
        if self.fusion == 'add':
            return [feat + enhanced]
        return [self.fuse_conv(torch.cat([feat, enhanced], 1))]

    def extract_feat(self, inputs: Tensor) -> List[Tensor]:
        """Test-time features: E_seg(img) fused with E_t(img) (or E_s)."""
        if self.test_branch == 'teacher':
            with torch.no_grad():
                enhanced = self.teacher(inputs)
        else:
            enhanced = self.student(inputs)
        return self._fuse(self._seg_feat(inputs), enhanced)

    def loss(self, inputs: Tensor, data_samples: list[SegDataSample]) -> dict:
        seg = torch.stack([s.gt_sem_seg.data for s in data_samples])
        masks = self.masker(seg)
        feat = self._seg_feat(inputs)
        enhanced = self.student(self.masker.apply(inputs, masks))
        need_teacher = self.reconst_weight > 0 or self.cons_weight > 0
        x = self._fuse(feat, enhanced)
        losses = self._decode_head_forward_train(x, data_samples)
        if self.with_auxiliary_head:
            losses.update(self._auxiliary_head_forward_train(x, data_samples))
        if need_teacher:
            with torch.no_grad():
                target = self.teacher(inputs)
            stride = inputs.shape[-1] // enhanced.shape[-1]
            if (
                stride != self.masker.feat_stride
                or enhanced.shape[-2] * stride != inputs.shape[-2]
            ):
                raise ValueError(
                    f'MRIFE: encoder features {tuple(enhanced.shape[-2:])} '
                    f'for inputs {tuple(inputs.shape[-2:])} do not have the '
                    f'masker feat_stride={self.masker.feat_stride}'
                )
            reconst, cons = self.enhancement_losses(enhanced, target, masks)
            if self.reconst_weight > 0:
                losses['loss_reconst'] = self.reconst_weight * reconst
            if self.cons_weight > 0:
                losses['loss_cons'] = self.cons_weight * cons
        return losses

    def enhancement_losses(
        self, student: Tensor, teacher: Tensor, masks: BlockMasks
    ) -> tuple[Tensor, Tensor]:
        """L_Reconst (eqs. 2-3) and L_Cons (eqs. 4-6), unweighted.

        Args:
            student: (B, C, h, w) E_s features of the masked images.
            teacher: (B, C, h, w) E_t features of the original images.
        """
        s_flat, t_flat = student.flatten(2), teacher.flatten(2)
        zero = student.sum() * 0
        picked = [i for i in range(len(student)) if masks.num_masked(i)]
        pts = {i: masks.points(i) for i in picked}

        def at(flat, i):
            return flat[i][:, pts[i][0]].t()  # (N_i, C)

        mse = {i: F.mse_loss(at(s_flat, i), at(t_flat, i)) for i in picked}
        groups = [picked[k : k + 2] for k in range(0, len(picked), 2)]
        reconst = sum((sum(mse[i] for i in g) for g in groups), zero)
        reconst = reconst / max(len(groups), 1)
        cons, num_pairs = zero, 0
        for g in groups:
            if len(g) < 2 or self.cons_weight == 0:
                continue
            a, b = g
            for one, two in ((a, b), (b, a)):
                feats = torch.cat([at(s_flat, one), at(t_flat, two)])
                labels = torch.cat([pts[one][1], pts[two][1]])
                cons = cons + self.cons_loss(feats, labels)
            num_pairs += 1
        return reconst, cons / max(num_pairs, 1)
