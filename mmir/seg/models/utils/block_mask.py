"""The MRIFE mask module (He et al., MRIFE, sec. III-C-1)."""

from dataclasses import dataclass
from typing import List

import torch
import torch.nn.functional as F
from torch import Tensor

BACKGROUND, EDGE, INTERIOR, IGNORED = 0, 1, 2, 3
STRATEGIES = {
    # strategy: (block classes masked as contrast class 1, as class 0)
    'edge_background': ((EDGE,), (BACKGROUND,)),
    'interior_background': ((INTERIOR,), (BACKGROUND,)),
    'all': ((EDGE, INTERIOR), (BACKGROUND,)),
}


@dataclass
class BlockMasks:
    """What the mask module chose for a batch of B images.

    Attributes:
        pixel_mask: (B, 1, H, W) bool, True on masked pixels.
        block_classes: (B, H/b, W/b) long, 0 background, 1 edge, 2 interior,
            3 ignored (never masked).
        blocks_1, blocks_0: per image, flat block-grid indices of the masked
            class-1 and class-0 blocks (the paper's maskList_1/maskList_0).
        points_1, points_0: per image, the flat feature-map indices those
            blocks cover ((b / stride)^2 points per block).
    """

    pixel_mask: Tensor
    block_classes: Tensor
    blocks_1: List[Tensor]
    blocks_0: List[Tensor]
    points_1: List[Tensor]
    points_0: List[Tensor]

    def num_masked(self, i: int) -> int:
        return len(self.points_1[i]) + len(self.points_0[i])

    def points(self, i: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Feature indices (N,) and contrast labels (N,) of image ``i``."""
        idx = torch.cat([self.points_1[i], self.points_0[i]])
        labels = torch.cat(
            [
                idx.new_ones(len(self.points_1[i])),
                idx.new_zeros(len(self.points_0[i])),
            ]
        )
        return idx, labels


class BlockMasker:
    """Classify b x b blocks by their landslide pixel count and mask an equal
    number of class-1 and class-0 blocks per image.

    A block with c landslide pixels out of a = b*b is background if
    c < bg_thr * a, interior if c > interior_thr * a and edge otherwise; with
    b = 8 and the paper's 10 %/90 % that is c <= 6, c >= 58 and 7..57.
    Interior blocks are never masked under the default strategy. A block
    with more than ``ignore_thr * a`` pixels of ``ignore_index`` (the fill of
    rotation / padding) is ignored: never masked, reconstructed or used as a
    contrast sample (the paper's data has no such pixels; 0.5 is ours).

    Args:
        block_size (int): b, a multiple of ``feat_stride`` (8 or 16).
        feat_stride (int): the encoder's output stride; one block covers
            (b / feat_stride)^2 feature points.
        strategy (str): 'edge_background' (paper default),
            'interior_background' or 'all' (edge and interior blocks together
            are class 1), Table VI.
        mask_ratio (float): the fraction of min(#class-1, #class-0) blocks
            masked from each class; the paper masks "some" edge blocks and
            reconstructs them from the others, without a number.
        mask_value (float): value written into masked pixels of the
            normalised image (0 = the data preprocessor's mean colour).
        positive_label (int): landslide label in the segmentation map.
        ignore_index (int): label of pixels without ground truth.
        ignore_thr (float): fraction of ignored pixels above which a block
            is ignored.
    """

    def __init__(
        self,
        block_size: int = 8,
        feat_stride: int = 8,
        strategy: str = 'edge_background',
        mask_ratio: float = 0.5,
        mask_value: float = 0.0,
        bg_thr: float = 0.1,
        interior_thr: float = 0.9,
        positive_label: int = 1,
        ignore_index: int = 255,
        ignore_thr: float = 0.5,
    ):
        if block_size % feat_stride:
            raise ValueError(
                f'block_size={block_size} must be a multiple of '
                f'the feature stride {feat_stride}: a block has '
                'to cover whole feature points'
            )
        if strategy not in STRATEGIES:
            raise ValueError(
                f'strategy={strategy!r}; expected one of {sorted(STRATEGIES)}'
            )
        if not 0 < mask_ratio <= 1:
            raise ValueError(f'mask_ratio={mask_ratio} must be in (0, 1]')
        if not 0 <= bg_thr <= interior_thr <= 1:
            raise ValueError(
                'expected 0 <= bg_thr <= interior_thr <= 1, got '
                f'{bg_thr}, {interior_thr}'
            )
        if not 0 <= ignore_thr < 1:
            raise ValueError(f'ignore_thr={ignore_thr} must be in [0, 1)')
        self.block_size = block_size
        self.feat_stride = feat_stride
        self.strategy = strategy
        self.mask_ratio = mask_ratio
        self.mask_value = mask_value
        self.bg_thr = bg_thr
        self.interior_thr = interior_thr
        self.positive_label = positive_label
        self.ignore_index = ignore_index
        self.ignore_thr = ignore_thr

    def classify(self, seg: Tensor) -> Tensor:
        """(B, H, W) or (B, 1, H, W) labels -> (B, H/b, W/b) block classes."""
        if seg.dim() == 4:
            seg = seg[:, 0]
        b = self.block_size
        h, w = seg.shape[-2:]
        if h % b or w % b:
            raise ValueError(
                f'segmentation map of size {h}x{w} is not a multiple of '
                f'block_size={b}; pad inputs to a multiple of the block size '
                '(data_preprocessor size or size_divisor)'
            )
        area = b * b

        def count(label):
            pixels = (seg == label).float().unsqueeze(1)
            return torch.round(F.avg_pool2d(pixels, b, b)[:, 0] * area)

        fg = count(self.positive_label)
        classes = torch.full_like(fg, EDGE, dtype=torch.long)
        classes[fg < self.bg_thr * area] = BACKGROUND
        classes[fg > self.interior_thr * area] = INTERIOR
        classes[count(self.ignore_index) > self.ignore_thr * area] = IGNORED
        return classes

    def _choose(self, classes: Tensor, generator=None):
        cls1, cls0 = STRATEGIES[self.strategy]
        flat = classes.flatten()
        cand1 = torch.nonzero(torch.isin(flat, flat.new_tensor(cls1)))[:, 0]
        cand0 = torch.nonzero(torch.isin(flat, flat.new_tensor(cls0)))[:, 0]
        avail = min(len(cand1), len(cand0))
        n = 0 if avail == 0 else max(1, int(round(self.mask_ratio * avail)))

        def pick(cand):
            perm = torch.randperm(
                len(cand), generator=generator, device='cpu'
            )[:n].to(cand.device)
            return cand[perm].sort().values

        return pick(cand1), pick(cand0)

    def block_to_points(self, blocks: Tensor, grid_w: int) -> Tensor:
        """Flat block indices -> flat feature indices, row-major."""
        r = self.block_size // self.feat_stride
        by, bx = blocks // grid_w, blocks % grid_w
        dy, dx = torch.meshgrid(
            torch.arange(r, device=blocks.device),
            torch.arange(r, device=blocks.device),
            indexing='ij',
        )
        fy = (by[:, None] * r + dy.flatten()[None]).flatten()
        fx = (bx[:, None] * r + dx.flatten()[None]).flatten()
        return fy * (grid_w * r) + fx

    def __call__(self, seg: Tensor, generator=None) -> BlockMasks:
        classes = self.classify(seg)
        bsz, gh, gw = classes.shape
        b = self.block_size
        chosen = torch.zeros_like(classes, dtype=torch.bool)
        blocks_1, blocks_0, points_1, points_0 = [], [], [], []
        for i in range(bsz):
            c1, c0 = self._choose(classes[i], generator)
            chosen[i].view(-1)[torch.cat([c1, c0])] = True
            blocks_1.append(c1)
            blocks_0.append(c0)
            points_1.append(self.block_to_points(c1, gw))
            points_0.append(self.block_to_points(c0, gw))
        pixel_mask = (
            chosen[:, None].repeat_interleave(b, 2).repeat_interleave(b, 3)
        )
        return BlockMasks(
            pixel_mask, classes, blocks_1, blocks_0, points_1, points_0
        )

    def apply(self, inputs: Tensor, masks: BlockMasks) -> Tensor:
        """The masked images: masked pixels set to ``mask_value``."""
        return inputs.masked_fill(masks.pixel_mask, self.mask_value)
