"""BNSAFPN: a stock mmdet Mask R-CNN checkpoint loads into the BNSA model
whole (only the BNSA blocks start fresh), as ``load_from`` does."""

import copy

import pytest
import torch
from conftest import ROOT
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint, save_checkpoint

import mmir.det  # noqa: F401

STOCK = (
    f'{ROOT}/configs/synthetic/mask-rcnn_r18-fpn_1xb2-20i_synth-ir-instance.py'
)
BNSA = (
    f'{ROOT}/configs/bnsa_mask_rcnn/mask-rcnn_r18-bnsa-fpn_focal-siou_'
    'bce-dice-lovasz_1xb2-20i_synth-ir-instance.py'
)


def _build(path, **neck):
    init_default_scope('mmdet')
    cfg = Config.fromfile(path).model
    cfg.neck.update(neck)
    torch.manual_seed(1)
    model = MODELS.build(cfg)
    model.init_weights()
    return model.eval()


def _stock_checkpoint(tmp_path):
    stock = _build(STOCK)
    with torch.no_grad():  # weights no fresh init could reproduce
        for p in stock.parameters():
            p.add_(torch.rand_like(p))
    path = tmp_path / 'mask_rcnn_stock.pth'
    save_checkpoint(
        {
            'state_dict': stock.state_dict(),
            'meta': {'dataset_meta': {'classes': 'abcd'}},
        },
        str(path),
    )
    return stock, path


def test_stock_checkpoint_fills_every_stock_weight(tmp_path):
    stock, path = _stock_checkpoint(tmp_path)
    model = _build(BNSA)
    assert type(model.neck).__name__ == 'BNSAFPN'
    fresh = copy.deepcopy(model.state_dict())
    result = model.load_state_dict(
        torch.load(path, weights_only=True)['state_dict'], strict=False
    )
    assert result.unexpected_keys == []
    assert result.missing_keys and all(
        k.startswith('neck.bnsa.') for k in result.missing_keys
    )
    state = model.state_dict()
    for key, value in stock.state_dict().items():
        torch.testing.assert_close(state[key], value, msg=key)
    for key in result.missing_keys:  # BNSA blocks untouched
        torch.testing.assert_close(state[key], fresh[key])


def test_load_from_path_via_mmengine(tmp_path):
    """MMEngine's loader (what ``load_from`` runs) with the mmir safe
    loader: the FPN's lateral convs come from the stock file."""
    stock, path = _stock_checkpoint(tmp_path)
    model = _build(BNSA)
    load_checkpoint(model, str(path), map_location='cpu', strict=False)
    for name in ('lateral_convs.0.conv.weight', 'fpn_convs.3.conv.bias'):
        torch.testing.assert_close(
            model.neck.state_dict()[name], stock.neck.state_dict()[name]
        )


def test_list_form_checkpoint_renamed_on_load(tmp_path):
    """Checkpoints of neck=[BNSA, FPN] (keys neck.0.*, neck.1.*) load into
    BNSAFPN and give the same outputs."""
    init_default_scope('mmdet')
    cfg = Config.fromfile(STOCK).model
    fpn = cfg.neck
    torch.manual_seed(2)
    old = MODELS.build(
        dict(type='BNSA', in_channels=fpn.in_channels, levels=(1, 2))
    )
    old_fpn = MODELS.build(fpn)
    old_neck = torch.nn.Sequential(old, old_fpn).eval()
    state = {f'neck.{k}': v for k, v in old_neck.state_dict().items()}
    model = _build(BNSA)
    result = model.load_state_dict(state, strict=False)
    assert result.unexpected_keys == []
    assert not [k for k in result.missing_keys if k.startswith('neck.')]
    xs = tuple(
        torch.randn(1, c, 32 // 2**i, 40 // 2**i)
        for i, c in enumerate(fpn.in_channels)
    )
    for a, b in zip(model.neck(xs), old_neck(xs)):
        torch.testing.assert_close(a, b)


def test_bnsa_blocks_keep_their_own_init_inside_fpn():
    """FPN's Xavier init_cfg must not re-initialize the BNSA convs: BN weight
    1 and Kaiming (fan_out) conv weights, as a standalone BNSA block."""
    model = _build(BNSA)
    block = model.neck.bnsa.blocks['1']
    conv = block.main[1].conv
    fan_out = conv.out_channels * conv.kernel_size[0] * conv.kernel_size[1]
    assert conv.weight.std().item() == pytest.approx(
        (2 / fan_out) ** 0.5, rel=0.15
    )
    assert (block.main[1].norm.weight == 1).all()


def test_table1_rows_are_one_key_over_the_base():
    init_default_scope('mmdet')
    base = Config.fromfile(
        f'{ROOT}/configs/bnsa_mask_rcnn/'
        'mask-rcnn_r50-bnsa-fpn_1xb2-100e_synth-ir-instance.py'
    )
    assert base.model.neck.type == 'BNSAFPN'
    assert tuple(base.model.neck.bnsa_levels) == (1, 2)
    for name, levels in (('c2', (0,)), ('c5', (3,))):
        cfg = Config.fromfile(
            f'{ROOT}/configs/bnsa_mask_rcnn/table1_bnsa-placement/'
            f'mask-rcnn_r50-bnsa-{name}-fpn_1xb2-100e_synth-ir-instance.py'
        )
        assert tuple(cfg.model.neck.bnsa_levels) == levels
        assert cfg.model.neck.in_channels == [256, 512, 1024, 2048]


@pytest.mark.parametrize('table', ['table2_box-loss', 'table3_mask-loss'])
def test_tables_2_and_3_vary_one_loss_over_plain_mask_rcnn(table):
    """Their first row is Table 4's "Mask R-CNN" (64.602), the stock model
    itself (a reference, not a copy): no BNSA in any row."""
    from mmir.experiments.grid import collect_configs

    files = collect_configs([f'{ROOT}/configs/bnsa_mask_rcnn/{table}'])
    assert len(files) == {'table2_box-loss': 7, 'table3_mask-loss': 3}[table]
    stock = 'mask-rcnn_r50-fpn_1xb2-100e_synth-ir-instance.py'
    assert f'{ROOT}/configs/bnsa_mask_rcnn/{stock}' in files
    for path in files:
        neck = Config.fromfile(path).model.neck
        assert neck.type == 'FPN', path


def test_fig9_rows_vary_only_the_focal_gamma():
    """Its rows (gamma 0.5 is the final model, named in references.txt)
    differ from the final model in gamma only."""
    from mmir.experiments.grid import collect_configs

    final = Config.fromfile(
        f'{ROOT}/configs/bnsa_mask_rcnn/mask-rcnn_r50-bnsa-fpn_focal-siou_'
        'bce-dice-lovasz_1xb2-100e_synth-ir-instance.py'
    ).model.to_dict()
    gammas = []
    for path in collect_configs(
        [f'{ROOT}/configs/bnsa_mask_rcnn/fig9_focal-gamma']
    ):
        model = Config.fromfile(path).model.to_dict()
        loss = model['roi_head']['bbox_head']['loss_bbox']
        gammas.append(loss.pop('gamma'))
        ref = copy.deepcopy(final)
        ref['roi_head']['bbox_head']['loss_bbox'].pop('gamma')
        assert model == ref, path
    assert sorted(gammas) == [0.25, 0.5, 0.75, 1.0, 1.5]
