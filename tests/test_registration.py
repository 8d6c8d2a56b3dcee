import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

TOOLBOX_OF = {
    'mmir.det': 'mmdet',
    'mmir.seg': 'mmseg',
    'mmir.cls': 'mmpretrain',
}


@pytest.mark.parametrize('package', sorted(TOOLBOX_OF))
def test_importing_one_toolbox_package_leaves_the_others_out(package):
    """mmir.X imports no other toolbox than the ones its own toolbox pulls
    in (mmdet.models itself imports mmpretrain for its ReID models)."""
    own = TOOLBOX_OF[package]
    others = [t for p, t in TOOLBOX_OF.items() if p != package]
    code = (
        f'import sys, {own}.models, {own}.datasets\n'
        f'before = {{m for m in {others!r} if m in sys.modules}}\n'
        f'import {package}\n'
        f'print(sorted({{m for m in {others!r} if m in sys.modules}}'
        ' - before))'
    )
    out = (
        subprocess.run(
            [sys.executable, '-c', code],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()
    )
    assert out[-1] == '[]'


@pytest.mark.parametrize('package', sorted(TOOLBOX_OF))
def test_toolbox_package_sources_name_no_other_toolbox(package):
    root = (
        Path(importlib.import_module('mmir').__file__).parent
        / package.split('.')[1]
    )
    others = [t for p, t in TOOLBOX_OF.items() if p != package]
    pattern = re.compile(
        r'^\s*(from|import)\s+(' + '|'.join(others) + r')\b', re.M
    )
    offenders = [
        str(f) for f in root.rglob('*.py') if pattern.search(f.read_text())
    ]
    assert offenders == []


def test_plain_mmir_imports_no_toolbox():
    code = (
        'import sys, mmir\n'
        "print([m for m in ('mmdet', 'mmseg', 'mmpretrain') "
        'if m in sys.modules])'
    )
    out = (
        subprocess.run(
            [sys.executable, '-c', code],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()
    )
    assert out[-1] == '[]'


def test_det_registration():
    from mmdet.registry import DATASETS

    import mmir.det  # noqa: F401
    from mmir.det import IRInstanceDataset

    assert DATASETS.get('IRInstanceDataset') is IRInstanceDataset
    assert IRInstanceDataset.METAINFO['classes'] == (
        'person',
        'car',
        'bicycle',
        'uav',
    )
    from mmdet.registry import METRICS, MODELS, TRANSFORMS

    import mmir.det as det

    for registry, names in (
        (DATASETS, ('IRSequenceDataset',)),
        (
            MODELS,
            (
                'BNSA',
                'BNSAFPN',
                'DimTargetHead',
                'DarkNet19',
                'GoogLeNet',
                'SqueezeNet',
                'InputAdapter',
            ),
        ),
        (METRICS, ('DimTargetMetric',)),
        (
            TRANSFORMS,
            (
                'LoadSequenceFrames',
                'LoadChipFrames',
                'SequenceDifference',
                'RandomTargetChip',
            ),
        ),
    ):
        for name in names:
            assert registry.get(name) is getattr(det, name), name


@pytest.mark.parametrize('toolbox', ['mmdet', 'mmseg', 'mmpretrain'])
def test_shared_hooks_reach_every_toolbox(toolbox):
    """Hooks of mmir.engine sit in MMEngine's root registry, so configs of
    any toolbox (default_scope kept) build them."""
    from mmengine.registry import DefaultScope

    import mmir

    registry = importlib.import_module(f'{toolbox}.registry').HOOKS
    with DefaultScope.overwrite_default_scope(toolbox):
        hook = registry.build(dict(type='PretrainedFreezeHook'))
    assert type(hook) is mmir.engine.PretrainedFreezeHook


def test_seg_registration():
    from mmseg.registry import DATASETS

    import mmir.seg  # noqa: F401
    from mmir.seg import LandslideDataset

    assert DATASETS.get('LandslideDataset') is LandslideDataset
    from mmseg.registry import HOOKS, METRICS, MODELS, TRANSFORMS

    import mmir.seg as seg

    for registry, names in (
        (
            MODELS,
            ('MRIFE', 'ASPPSENeck', 'TransposedConvHead', 'BlockContrastLoss'),
        ),
        (HOOKS, ('TeacherEMAHook',)),
        (METRICS, ('BinarySegMetric',)),
        (TRANSFORMS, ('HistogramEqualize',)),
    ):
        for name in names:
            assert registry.get(name) is getattr(seg, name), name


def test_cls_registration():
    from mmpretrain.registry import DATASETS

    import mmir.cls  # noqa: F401
    from mmir.cls import LandmineDataset

    assert DATASETS.get('LandmineDataset') is LandmineDataset
    from mmengine.registry import WEIGHT_INITIALIZERS
    from mmpretrain.registry import HOOKS, MODELS, TRANSFORMS

    import mmir.cls as cls

    for registry, names in (
        (DATASETS, ('MultiBandDataset',)),
        (MODELS, ('MultiBandDataPreprocessor', 'SVMClsHead', 'LGBMClsHead')),
        (HOOKS, ('BandStatsHook', 'EmbeddingClassifierHook')),
        (
            TRANSFORMS,
            (
                'LoadMultiBandImage',
                'RandomBandNoise',
                'RandomBandContrast',
                'RandomRGBJitter',
                'RandomBandAffine',
            ),
        ),
    ):
        for name in names:
            assert registry.get(name) is getattr(cls, name), name
    assert HOOKS.get('SVMPostHook') is cls.EmbeddingClassifierHook
    assert (
        WEIGHT_INITIALIZERS.get('MultiBandPretrained')
        is cls.MultiBandPretrainedInit
    )


def test_toolbox_datasets_load_the_synthetic_data(synthetic_root):
    import mmir.cls  # noqa: F401
    import mmir.det  # noqa: F401
    import mmir.seg  # noqa: F401
    from mmir.cls import LandmineDataset
    from mmir.det import IRInstanceDataset
    from mmir.seg import LandslideDataset

    det = IRInstanceDataset(
        data_root=str(synthetic_root / 'ir_instance'),
        ann_file='annotations/instances_train.json',
        data_prefix=dict(img='images/train/'),
        pipeline=[],
    )
    assert len(det) == 12
    info = det[0]
    assert info['instances'] and info['img_path'].endswith('.png')
    seg = LandslideDataset(
        data_root=str(synthetic_root / 'landslide_seg'),
        data_prefix=dict(
            img_path='img_dir/train', seg_map_path='ann_dir/train'
        ),
        pipeline=[],
    )
    assert len(seg) == 12 and seg[0]['seg_map_path'].endswith('.png')
    cls = LandmineDataset(
        data_root=str(synthetic_root / 'landmine'),
        ann_file='meta/all.txt',
        data_prefix='',
        pipeline=[],
    )
    assert len(cls) == 60
    assert set(cls.get_gt_labels().tolist()) == {0, 1}
