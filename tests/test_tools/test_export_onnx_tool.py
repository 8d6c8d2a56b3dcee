"""tools/deployment/export_onnx.py as a user runs it: config + checkpoint
in, a checked ONNX file out, or one clear error and no file."""

import importlib.util
import os.path as osp

import pytest
import torch
from conftest import ROOT, run_tool

pytest.importorskip('onnxruntime')

DIM = (
    'configs/dim_target/dim-target_darknet19_chip64_1xb4-20i_'
    'synth-ir-sequence.py'
)
MASK_RCNN = (
    'configs/bnsa_mask_rcnn/mask-rcnn_r18-bnsa-fpn_focal-siou_'
    'bce-dice-lovasz_1xb2-20i_synth-ir-instance.py'
)


def checkpoint(config, path):
    """A checkpoint of ``config``'s model with seeded random weights."""
    import copy

    from mmengine.config import Config
    from mmengine.registry import MODELS, DefaultScope

    import mmir.det  # noqa: F401

    cfg = Config.fromfile(osp.join(ROOT, config))
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(copy.deepcopy(cfg.model))
    torch.save(dict(state_dict=model.state_dict(), meta={}), path)
    return str(path)


def tool():
    spec = importlib.util.spec_from_file_location(
        'export_onnx', osp.join(ROOT, 'tools/deployment/export_onnx.py')
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_exports_the_dim_target_detector(tmp_path):
    import onnxruntime as ort

    ckpt = checkpoint(DIM, tmp_path / 'iter_20.pth')
    proc = run_tool(
        'tools/deployment/export_onnx.py', DIM, ckpt, '--shape', 64, 80
    )
    out = tmp_path / (osp.splitext(osp.basename(DIM))[0] + '.onnx')
    assert f'wrote {out}' in proc.stdout
    assert 'inputs: [1, 3, 64, 80] float32' in proc.stdout
    assert 'boxes: max |onnxruntime - PyTorch|' in proc.stdout
    session = ort.InferenceSession(str(out))
    assert [o.name for o in session.get_outputs()] == ['boxes', 'scores']


def test_refusals_name_the_reason_and_write_nothing(tmp_path, capsys):
    main = tool().main
    dim = checkpoint(DIM, tmp_path / 'dim.pth')
    # no fixed Resize in the full-frame test pipeline: the size is needed
    with pytest.raises(SystemExit) as exit_:
        main([DIM, dim])
    assert exit_.value.code == 2
    assert '--shape H W' in capsys.readouterr().err
    # onnxruntime cannot match exactly: rtol 0 fails the check
    assert main([DIM, dim, '--shape', '64', '64', '--rtol', '0']) == 1
    assert 'nothing written' in capsys.readouterr().err
    mask = checkpoint(MASK_RCNN, tmp_path / 'mask.pth')
    with pytest.raises(SystemExit) as exit_:
        main([MASK_RCNN, mask, '--shape', '64', '64'])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert 'RoIAlign' in err and 'MMDeploy' in err
    assert not list(tmp_path.glob('*.onnx*'))


@pytest.mark.parametrize(
    'config,shape',
    [
        (
            'configs/abmil/resnet18-abmil_1xb4-20i_synth-landmine.py',
            (256, 336),
        ),
        ('configs/abmil/resnet18-abmil_1xb4-20i_synth-masati.py', (224, 224)),
        (
            'configs/effnetv2_svm/effnetv2-b0-svm_c0.1_1xb8-20i_'
            'synth-multiband.py',
            (64, 64),
        ),
        (DIM, None),  # full frames: --shape needed
    ],
)
def test_default_shape_is_the_test_pipelines(config, shape):
    from mmengine.config import Config

    assert tool().pipeline_shape(Config.fromfile(osp.join(ROOT, config))) == (
        shape
    )
