"""Every config in configs/ loads, its model builds in its toolbox, no
config is a copy of another and every experiment key is valid."""

import functools
import glob
import os.path as osp

import pytest
from conftest import ROOT
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope
from mmengine.utils import import_modules_from_strings

CONFIGS = sorted(
    p
    for p in glob.glob(osp.join(ROOT, 'configs', '**', '*.py'), recursive=True)
    if '_base_' not in p.split(osp.sep)
)


@functools.lru_cache(maxsize=None)
def _load(path):
    """``path`` parsed once in this process (the tests only read it)."""
    return Config.fromfile(path, import_custom_modules=False)


def _has_sparseinst():
    try:
        import mmir.det.models.detectors.sparseinst  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.parametrize(
    'path', CONFIGS, ids=[osp.relpath(p, ROOT) for p in CONFIGS]
)
def test_config_builds(path):
    cfg = _load(path)
    try:  # as Config.fromfile does by default
        import_modules_from_strings(**cfg.get('custom_imports', {}))
    except ImportError as err:
        if 'sparseinst' in osp.basename(path) and not _has_sparseinst():
            pytest.skip(
                'needs mmdetection projects/SparseInst on PYTHONPATH '
                '(tests/test_det/test_models/test_detectors/'
                'test_table4_peers.py checks the error)'
            )
        raise err
    scope = cfg.get('default_scope')
    assert scope in ('mmdet', 'mmseg', 'mmpretrain')
    imports = cfg.get('custom_imports', {}).get('imports', [])
    own = {'mmdet': 'mmir.det', 'mmseg': 'mmir.seg', 'mmpretrain': 'mmir.cls'}[
        scope
    ]
    assert imports[0] == own and all(i.startswith(own) for i in imports)
    with DefaultScope.overwrite_default_scope(scope):
        model = MODELS.build(cfg.model)
    assert sum(p.numel() for p in model.parameters()) > 0


def test_configs_are_at_most_four_files_deep():
    """tools/misc/config_depth.py: no config deeper than four files (exit 0),
    and the tool does flag a config over its limit (exit 1 at --max 3)."""
    from conftest import run_tool

    ok = run_tool('tools/misc/config_depth.py')
    for method in ('abmil', 'bnsa_mask_rcnn', 'dim_target', 'mrife'):
        assert f'{method}: max depth 4' in ok.stdout
    strict = run_tool('tools/misc/config_depth.py', '--max', '3', check=False)
    assert strict.returncode == 1
    assert 'abmil: max depth 4' in strict.stdout


def test_no_config_is_a_copy_of_another():
    """A runnable config that resolves to the same dict as another is an
    alias (a table row equal to another model): the grid folder names the
    other config in its ``references.txt`` instead of keeping a copy."""
    import json

    seen = {}
    copies = []
    for path in CONFIGS:
        cfg = _load(path)
        text = json.dumps(cfg.to_dict(), sort_keys=True, default=repr)
        other = seen.setdefault(text, path)
        if other != path:
            copies.append((osp.relpath(other, ROOT), osp.relpath(path, ROOT)))
    assert not copies, f'configs equal once resolved: {copies}'


def test_every_shipped_config_has_valid_keys():
    """mmir/experiments/keys.py accepts every shipped config's experiment
    keys (tests/test_experiments/test_keys.py: what it refuses)."""
    from mmir.experiments.keys import experiment_keys

    checked = 0
    for path in CONFIGS:
        if 'sparseinst' in osp.basename(path):
            continue
        experiment_keys(_load(path), path)
        checked += 1
    assert checked > 100
