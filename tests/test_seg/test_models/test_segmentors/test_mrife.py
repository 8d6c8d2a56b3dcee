"""The MRIFE segmentor: losses at the recorded positions, the teacher, the
fusion, negatives."""

import pytest
import torch
import torch.nn.functional as F
from conftest import ROOT
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import mmir.seg  # noqa: F401
from mmir.seg.models.losses import block_contrast_loss
from mmir.seg.models.utils.block_mask import BlockMasks

TINY = f'{ROOT}/configs/mrife/mrife_r18-d8-aspp-se_1xb2-20i_synth-landslide.py'


def build(**overrides):
    cfg = Config.fromfile(TINY)
    cfg.merge_from_dict({f'model.{k}': v for k, v in overrides.items()})
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    return model


def batch(n=4, size=64, negatives=(2,)):
    torch.manual_seed(0)
    inputs = torch.randn(n, 3, size, size)
    samples = []
    for i in range(n):
        gt = torch.zeros(1, size, size, dtype=torch.long)
        if i not in negatives:
            gt[:, 10 + i : 40, 12 : 45 - i] = 1
        s = SegDataSample(gt_sem_seg=PixelData(data=gt))
        s.set_metainfo(
            dict(
                img_shape=(size, size),
                ori_shape=(size, size),
                pad_shape=(size, size),
            )
        )
        samples.append(s)
    return inputs, samples


@pytest.fixture(scope='module')
def model():
    return build()


def test_teacher_starts_as_student_and_gets_no_gradient(model):
    for (ks, s), (kt, t) in zip(
        model.student.state_dict().items(), model.teacher.state_dict().items()
    ):
        assert ks == kt and torch.equal(s, t)
    model.train()
    model.zero_grad()
    losses = model.loss(*batch())
    assert {'decode.loss_ce', 'loss_reconst', 'loss_cons'} <= set(losses)
    sum(v for k, v in losses.items() if 'loss' in k).backward()
    assert all(
        not p.requires_grad and p.grad is None
        for p in model.teacher.parameters()
    )
    assert all(p.grad is not None for p in model.student.parameters())
    assert all(p.grad is not None for p in model.backbone.parameters())


def _masks(points_1, points_0):
    return BlockMasks(
        None,
        None,
        None,
        None,
        [torch.tensor(p, dtype=torch.long) for p in points_1],
        [torch.tensor(p, dtype=torch.long) for p in points_0],
    )


def test_enhancement_losses_use_exactly_the_recorded_positions(model):
    g = torch.Generator().manual_seed(1)
    s = torch.randn(3, 5, 4, 4, generator=g)
    t = torch.randn(3, 5, 4, 4, generator=g)
    masks = _masks([[1, 6], [], [0, 3, 9]], [[2, 15], [], [4, 5, 14]])
    reconst, cons = model.enhancement_losses(s, t, masks)

    def pick(x, i, idx):
        return x[i].flatten(1)[:, idx].t()

    idx = {0: [1, 6, 2, 15], 2: [0, 3, 9, 4, 5, 14]}
    mse = {
        i: ((pick(s, i, p) - pick(t, i, p)) ** 2).mean()
        for i, p in idx.items()
    }
    # Images 0 and 2 (the two with masked blocks) form the one pair.
    assert reconst.item() == pytest.approx((mse[0] + mse[2]).item())
    lab = {0: torch.tensor([1, 1, 0, 0]), 2: torch.tensor([1, 1, 1, 0, 0, 0])}
    expect = sum(
        block_contrast_loss(
            torch.cat([pick(s, a, idx[a]), pick(t, b, idx[b])]),
            torch.cat([lab[a], lab[b]]),
            model.cons_loss.temperature,
            model.cons_loss.reduction,
        )
        for a, b in ((0, 2), (2, 0))
    )
    assert cons.item() == pytest.approx(expect.item())
    # Features away from the recorded positions do not matter.
    s2, t2 = s.clone(), t.clone()
    s2[:, :, 3, 2] += 100  # flat index 14 of image 2 is recorded...
    s2[0, :, 3, 2] -= 100  # ...but not of image 0
    s2[0, :, 0, 0] += 50  # index 0 of image 0: not recorded
    t2[1] += 50  # image 1 has no masked blocks
    r2, c2 = model.enhancement_losses(s2, t2, masks)
    assert r2.item() != pytest.approx(reconst.item())
    s2[2, :, 3, 2] -= 100
    r3, c3 = model.enhancement_losses(s2, t2, masks)
    assert r3.item() == pytest.approx(reconst.item())
    assert c3.item() == pytest.approx(cons.item())


def test_odd_image_adds_its_mse_alone(model):
    s, t = torch.randn(1, 2, 2, 2), torch.randn(1, 2, 2, 2)
    reconst, cons = model.enhancement_losses(s, t, _masks([[0]], [[3]]))
    expect = F.mse_loss(s[0].flatten(1)[:, [0, 3]], t[0].flatten(1)[:, [0, 3]])
    assert reconst.item() == pytest.approx(expect.item())
    assert cons.item() == 0


def test_negative_images_give_finite_ce_only():
    model = build()
    model.train()
    inputs, samples = batch(n=2, negatives=(0, 1))
    losses = model.loss(inputs, samples)
    assert losses['loss_reconst'].item() == 0
    assert losses['loss_cons'].item() == 0
    total = sum(v for k, v in losses.items() if 'loss' in k)
    assert torch.isfinite(total)
    total.backward()
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    assert grads and all(torch.isfinite(g).all() for g in grads)


def test_zero_weights_drop_losses_and_concat_fusion():
    model = build(reconst_weight=0.0, cons_weight=0.0, fusion='concat')
    model.train()
    losses = model.loss(*batch())
    assert 'loss_reconst' not in losses and 'loss_cons' not in losses
    assert model.fuse_conv.in_channels == 2 * model.fuse_conv.out_channels
    model.eval()
    inputs, samples = batch(n=1)
    with torch.no_grad():
        out = model.predict(inputs, samples)
    assert out[0].pred_sem_seg.data.shape == (1, 64, 64)


def test_test_time_uses_the_teacher(model):
    model.eval()
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        base = model.extract_feat(x)[0]
        expect = model._seg_feat(x) + model.teacher(x)
        assert torch.allclose(base, expect)
        model.teacher.neck.se.conv2.conv.bias.add_(1.0)
        changed = model.extract_feat(x)[0]
        model.teacher.neck.se.conv2.conv.bias.sub_(1.0)
    assert not torch.allclose(base, changed)


def test_bad_configs():
    with pytest.raises(ValueError, match='fusion'):
        build(fusion='sum')
    with pytest.raises(ValueError, match='test_branch'):
        build(test_branch='ema')


def test_teacher_round_trips_through_a_checkpoint(tmp_path):
    from mmengine.runner import load_checkpoint, save_checkpoint

    model = build()
    with torch.no_grad():
        for p in model.teacher.parameters():
            p.add_(0.5)
    save_checkpoint(
        {'state_dict': model.state_dict()}, str(tmp_path / 'c.pth')
    )
    fresh = build()
    load_checkpoint(fresh, str(tmp_path / 'c.pth'), map_location='cpu')
    for a, b in zip(
        model.teacher.state_dict().values(),
        fresh.teacher.state_dict().values(),
    ):
        assert torch.equal(a, b)
    assert not torch.equal(
        fresh.teacher.backbone.stem[0].weight,
        fresh.student.backbone.stem[0].weight,
    )
    assert all(not p.requires_grad for p in fresh.teacher.parameters())


def test_student_sees_the_masked_image_teacher_the_clean_one_and_weights():
    """MRIFE.loss: E_s gets the masked images, E_t the original ones, and
    loss_reconst / loss_cons are alpha / beta times the unweighted
    enhancement losses of exactly those features (eq. 8)."""
    model = build(reconst_weight=2.5, cons_weight=0.5)
    model.train()
    seen = {}

    def record(name):
        def hook(module, args, output):
            seen[name] = (args[0].detach().clone(), output.detach().clone())

        return hook

    handles = [
        model.student.register_forward_hook(record('student')),
        model.teacher.register_forward_hook(record('teacher')),
    ]
    masks_made = []
    masker_call = model.masker.__class__.__call__

    def keep_masks(self, seg):
        masks = masker_call(self, seg)
        masks_made.append(masks)
        return masks

    inputs, samples = batch()
    try:
        model.masker.__class__.__call__ = keep_masks
        losses = model.loss(inputs, samples)
    finally:
        model.masker.__class__.__call__ = masker_call
        for h in handles:
            h.remove()
    (masks,) = masks_made
    student_in, student_out = seen['student']
    teacher_in, teacher_out = seen['teacher']
    assert torch.equal(teacher_in, inputs)
    assert torch.equal(student_in, model.masker.apply(inputs, masks))
    assert not torch.equal(student_in, inputs)  # some blocks are masked
    # unmasked pixels are the input's, masked ones are not
    changed = (student_in != inputs).any(1)
    assert 0 < changed.float().mean() < 0.5
    reconst, cons = model.enhancement_losses(student_out, teacher_out, masks)
    assert losses['loss_reconst'].item() == pytest.approx(2.5 * reconst.item())
    assert losses['loss_cons'].item() == pytest.approx(0.5 * cons.item())
    assert reconst.item() > 0 and cons.item() > 0


def test_masker_takes_ignore_index_from_the_decode_head():
    """Blocks of the head's ``ignore_index`` (here 3, not the default 255)
    are never masked or contrasted; an explicit masker value wins."""
    from mmir.seg.models.utils.block_mask import IGNORED

    model = build(**{'decode_head.ignore_index': 3})
    assert model.decode_head.ignore_index == 3
    assert model.masker.ignore_index == 3
    seg = torch.zeros(1, 16, 16, dtype=torch.long)
    seg[:, :8, :8] = 3
    seg[:, 8:, 8:] = 255
    classes = model.masker.classify(seg)
    assert classes[0, 0, 0] == IGNORED
    assert classes[0, 1, 1] != IGNORED
    model = build(
        **{'decode_head.ignore_index': 3, 'masker.ignore_index': 255}
    )
    assert model.masker.ignore_index == 255
