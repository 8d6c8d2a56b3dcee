"""The MRIFE mask module (sec. III-C-1)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mmir.seg.models.utils.block_mask import (
    BACKGROUND,
    EDGE,
    IGNORED,
    INTERIOR,
    BlockMasker,
)


def _blocks_with_counts(counts, b):
    """A 1 x b x (len(counts) * b) map whose i-th block holds counts[i]
    landslide pixels (filled row-major)."""
    seg = torch.zeros(1, b, b * len(counts), dtype=torch.long)
    for i, c in enumerate(counts):
        block = torch.zeros(b * b, dtype=torch.long)
        block[:c] = 1
        seg[0, :, i * b : (i + 1) * b] = block.view(b, b)
    return seg


@pytest.mark.parametrize(
    'b,counts', [(8, (0, 6, 7, 57, 58, 64)), (16, (0, 25, 26, 230, 231, 256))]
)
def test_block_classes_at_the_thresholds(b, counts):
    masker = BlockMasker(block_size=b, feat_stride=8)
    classes = masker.classify(_blocks_with_counts(counts, b))
    assert classes.tolist() == [
        [[BACKGROUND, BACKGROUND, EDGE, EDGE, INTERIOR, INTERIOR]]
    ]


def test_thresholds_are_strict_where_a_share_is_a_whole_count():
    """Background is "< bg_thr", interior "> interior_thr": with 8x8
    blocks, 25 % and 75 % are exactly 16 and 48 pixels, both edge."""
    masker = BlockMasker(block_size=8, bg_thr=0.25, interior_thr=0.75)
    classes = masker.classify(_blocks_with_counts((15, 16, 48, 49), 8))
    assert classes.tolist() == [[[BACKGROUND, EDGE, EDGE, INTERIOR]]]


def test_ignored_pixels_count_as_not_landslide():
    seg = _blocks_with_counts((7,), 8)
    seg[seg == 1] = 255
    assert BlockMasker().classify(seg).item() == BACKGROUND


@pytest.mark.parametrize('strategy', ['edge_background', 'all'])
def test_blocks_mostly_ignored_are_never_chosen(strategy):
    """A rotated/padded sample: 255 fills the corners. Blocks more than half
    ignored are neither masked nor contrast samples, whatever the draw."""
    b = 8
    seg = torch.zeros(1, 64, 64, dtype=torch.long)
    seg[0, 24:40, 20:44] = 1  # a landslide with edge blocks
    seg[0, :24, :24] = 255  # an ignored corner (9 blocks)
    seg[0, 40:, 52:56] = 255  # blocks (5..7, 6) half ignored: 32 of 64
    seg[0, 56:60, 48:52] = 255  # ... block (7, 6) then 48 of 64
    masker = BlockMasker(
        block_size=b, feat_stride=8, strategy=strategy, mask_ratio=1.0
    )
    classes = masker.classify(seg)[0]
    ignored = classes == IGNORED
    assert ignored[:3, :3].all()
    assert classes[5, 6] == BACKGROUND and classes[6, 6] == BACKGROUND
    assert classes[7, 6] == IGNORED and ignored.sum() == 10
    ignored_px = F.avg_pool2d((seg == 255).float()[:, None], b, b).flatten()
    g = torch.Generator().manual_seed(0)
    for _ in range(20):
        masks = masker(seg, generator=g)
        chosen = torch.cat([masks.blocks_1[0], masks.blocks_0[0]])
        assert len(masks.blocks_0[0]) > 0
        assert not ignored.flatten()[chosen].any()
        assert (ignored_px[chosen] <= 0.5).all()


def test_ignore_thr_validated():
    with pytest.raises(ValueError, match='ignore_thr'):
        BlockMasker(ignore_thr=1.0)


def _disk_batch(size=128, n=3):
    yy, xx = np.mgrid[:size, :size]
    segs = []
    for i in range(n):
        r = 25 + 5 * i
        segs.append(((yy - 60 - i) ** 2 + (xx - 64 + 2 * i) ** 2) < r * r)
    return torch.from_numpy(np.stack(segs)).long()[:, None]


@pytest.mark.parametrize('b', [8, 16])
@pytest.mark.parametrize('seed', range(3))
def test_equal_classes_and_masked_pixels_only_in_chosen_blocks(b, seed):
    torch.manual_seed(seed)
    seg = _disk_batch()
    masker = BlockMasker(block_size=b, feat_stride=8, mask_value=-7.0)
    m = masker(seg)
    inputs = torch.randn(3, 3, 128, 128)
    masked = masker.apply(inputs, m)
    for i in range(3):
        flat = m.block_classes[i].flatten()
        assert len(m.blocks_1[i]) == len(m.blocks_0[i]) > 0
        assert (flat[m.blocks_1[i]] == EDGE).all()
        assert (flat[m.blocks_0[i]] == BACKGROUND).all()
        n_edge = int((flat == EDGE).sum())
        n_bg = int((flat == BACKGROUND).sum())
        assert len(m.blocks_1[i]) == round(0.5 * min(n_edge, n_bg))
        # The pixel mask is exactly the union of the chosen blocks.
        chosen = torch.zeros_like(flat, dtype=torch.bool)
        chosen[torch.cat([m.blocks_1[i], m.blocks_0[i]])] = True
        expect = (
            chosen.view(m.block_classes[i].shape)
            .repeat_interleave(b, 0)
            .repeat_interleave(b, 1)
        )
        assert torch.equal(m.pixel_mask[i, 0], expect)
        assert torch.equal(masked[i][:, ~expect], inputs[i][:, ~expect])
        assert (masked[i][:, expect] == -7.0).all()
        # Feature points: (b/8)^2 per block, the blocks' stride-8 cells.
        r = b // 8
        assert len(m.points_1[i]) == len(m.blocks_1[i]) * r * r
        feat = torch.zeros(128 // 8 * 128 // 8, dtype=torch.bool)
        feat[torch.cat([m.points_1[i], m.points_0[i]])] = True
        pooled = F.max_pool2d(expect[None, None].float(), 8)[0, 0] > 0
        assert torch.equal(feat.view(16, 16), pooled)
        idx, labels = m.points(i)
        assert labels.tolist() == [1] * len(m.points_1[i]) + [0] * len(
            m.points_0[i]
        )
        assert torch.equal(idx[labels == 1], m.points_1[i])


@pytest.mark.parametrize(
    'strategy,cls1',
    [('interior_background', {INTERIOR}), ('all', {EDGE, INTERIOR})],
)
def test_other_strategies(strategy, cls1):
    torch.manual_seed(0)
    m = BlockMasker(strategy=strategy, mask_ratio=1.0)(_disk_batch(n=1))
    flat = m.block_classes[0].flatten()
    assert set(flat[m.blocks_1[0]].tolist()) == cls1
    assert (flat[m.blocks_0[0]] == BACKGROUND).all()
    avail = min(
        int(torch.isin(flat, torch.tensor(list(cls1))).sum()),
        int((flat == BACKGROUND).sum()),
    )
    assert len(m.blocks_1[0]) == len(m.blocks_0[0]) == avail


def test_edge_background_never_masks_interior():
    torch.manual_seed(0)
    m = BlockMasker(mask_ratio=1.0)(_disk_batch(n=1))
    interior = m.block_classes[0] == INTERIOR
    assert interior.any()
    assert not (m.pixel_mask[0, 0][::8, ::8] & interior).any()


def test_negative_image_masks_nothing():
    m = BlockMasker()(torch.zeros(2, 1, 64, 64, dtype=torch.long))
    assert not m.pixel_mask.any()
    assert all(m.num_masked(i) == 0 for i in range(2))


def test_errors():
    with pytest.raises(ValueError, match='multiple of the feature stride'):
        BlockMasker(block_size=12)
    with pytest.raises(ValueError, match='strategy'):
        BlockMasker(strategy='edges')
    with pytest.raises(ValueError, match='not a multiple of block_size=8'):
        BlockMasker().classify(torch.zeros(1, 1, 60, 64, dtype=torch.long))
