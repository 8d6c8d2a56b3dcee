"""The method pages (configs/<method>/README.md), the root README and the
shared pages (docs/*.md): every path they name exists, and every module and
tool of mmir is named by a method page's files table, the root README's
layout or a shared page."""

import glob
import os.path as osp
import re

import pytest
from conftest import ROOT

METHODS = ['bnsa_mask_rcnn', 'dim_target', 'mrife', 'abmil', 'effnetv2_svm']
PATH = re.compile(r'`((?:mmir|tools|configs|tests)/[^`\s]*)`')


def _page(method):
    with open(osp.join(ROOT, 'configs', method, 'README.md')) as f:
        return f.read()


def _expand(path):
    """`a/{b,c}.py` and `a/x_*.py` forms of a files table."""
    m = re.search(r'\{([^}]*)\}', path)
    if m:
        return [
            q
            for alt in m.group(1).split(',')
            for q in _expand(path[: m.start()] + alt + path[m.end() :])
        ]
    return [path]


def _named(text):
    """Paths a page names, with the bare file names of a table cell that
    follow a full path (`dir/a.py`, `b.py`) resolved against its folder."""
    out = set()
    for line in text.splitlines():
        folder = None
        for tok in re.findall(r'`([^`\s]+)`', line):
            if PATH.fullmatch(f'`{tok}`'):
                folder = (
                    tok.rstrip('/') if tok.endswith('/') else osp.dirname(tok)
                )
                out.update(_expand(tok))
            elif folder and re.fullmatch(r'[\w.{},*-]+\.py', tok):
                out.update(_expand(f'{folder}/{tok}'))
    return out


@pytest.mark.parametrize('method', METHODS)
def test_method_page_sections_and_paths(method):
    text = _page(method)
    for section in (
        '## Modules',
        '## Commands',
        '## Results',
        '## Choices the paper leaves open',
        '## Files',
        '## Citation',
    ):
        assert section in text, f'{method}: no "{section}" section'
    missing = [
        p
        for p in _named(text)
        if '<' not in p and not glob.glob(osp.join(ROOT, p))
    ]
    assert not missing, f'configs/{method}/README.md names {missing}'


def _root_text():
    """The root README and the shared pages it links to."""
    text = ''
    for p in ['README.md', *sorted(glob.glob(osp.join(ROOT, 'docs', '*.md')))]:
        with open(osp.join(ROOT, p)) as f:
            text += f.read()
    return text


def test_root_readme_and_shared_pages():
    with open(osp.join(ROOT, 'README.md')) as f:
        readme = f.read()
    assert len(readme.splitlines()) <= 230, (
        'the root README grew past 230 lines'
    )
    for method in METHODS:
        assert f'(configs/{method}/README.md)' in readme, method
    for page in glob.glob(osp.join(ROOT, 'docs', '*.md')):
        assert f'(docs/{osp.basename(page)})' in readme, page
    missing = [
        p
        for p in _named(_root_text())
        if '<' not in p
        and '*' not in p
        and not p.endswith(('.pth', '.whl'))
        and not glob.glob(osp.join(ROOT, p))
    ]
    assert not missing, f'README.md or docs/ name {missing}'


def test_every_module_and_tool_has_a_page():
    named = set()
    for method in METHODS:
        named |= _named(_page(method))
    root = _root_text()
    covered = [p.rstrip('/') for p in named]

    def is_named(rel):
        return (
            rel in named
            or osp.basename(rel) in root
            or any(rel.startswith(c + '/') for c in covered)
        )

    files = [
        osp.relpath(p, ROOT)
        for pattern in ('mmir/**/*.py', 'tools/**/*.py')
        for p in glob.glob(osp.join(ROOT, pattern), recursive=True)
    ]
    shared = (
        'mmir/utils/',
        'mmir/experiments/',
        'mmir/version',
        'mmir/datasets/synthetic/common',
    )
    orphans = sorted(
        f
        for f in files
        if not f.endswith('__init__.py')
        and not f.startswith(shared)
        and not is_named(f)
    )
    assert not orphans, f'named by no method page nor README.md: {orphans}'


def test_test_file_names_are_unique():
    """The tests have no ``__init__.py``, so pytest imports each file by its
    basename: two ``test_x.py`` in different folders abort collection."""
    seen = {}
    for p in glob.glob(
        osp.join(ROOT, 'tests', '**', 'test_*.py'), recursive=True
    ):
        rel = osp.relpath(p, ROOT)
        if rel.startswith('tests/mmengine_contract/'):
            continue
        seen.setdefault(osp.basename(p), []).append(rel)
    clashes = {k: v for k, v in seen.items() if len(v) > 1}
    assert not clashes, f'test files sharing a basename: {clashes}'


# Modules whose tests are not at the mirrored path, and the file that has
# them: tools' thin entry points are run as the tools; modules exercised
# together (a dataset and its loading transform, the Table 2 backbones).
TESTED_ELSEWHERE = {
    'cls/datasets/transforms/loading.py': 'test_cls/test_datasets/'
    'test_multiband.py',
    'cls/models/data_preprocessors/band_scaling.py': 'test_cls/test_engine/'
    'test_hooks/test_band_stats_hook.py',
    'datasets/multiband_arrays.py': 'test_cls/test_datasets/test_multiband.py',
    'deploy/export_modules.py': 'test_deploy/test_onnx_export.py',
    'det/datasets/transforms/loading.py': 'test_det/test_datasets/'
    'test_ir_sequence.py',
    'det/inference/sequence.py': 'test_det/test_inference/'
    'test_sequence_inferencer.py',
    'det/models/backbones/darknet19.py': 'test_det/test_models/'
    'test_backbones/test_dim_target_backbones.py',
    'det/models/backbones/googlenet.py': 'test_det/test_models/'
    'test_backbones/test_dim_target_backbones.py',
    'det/models/backbones/squeezenet.py': 'test_det/test_models/'
    'test_backbones/test_dim_target_backbones.py',
    'det/models/backbones/utils.py': 'test_det/test_models/test_backbones/'
    'test_backbone_utils.py',
    'det/models/losses/utils.py': 'test_det/test_models/test_losses/'
    'test_loss_utils.py',
    'det/models/detectors/sparseinst.py': 'test_det/test_models/'
    'test_detectors/test_table4_peers.py',
    'entrypoints/kfold.py': 'test_experiments/test_kfold.py',
    'entrypoints/run_grid.py': 'test_experiments/test_grid.py',
    'entrypoints/train.py': 'test_tools/test_train_test.py',
    'entrypoints/test.py': 'test_tools/test_train_test.py',
    'utils/launch.py': 'test_experiments/test_executor.py',
    'utils/model_loading.py': 'test_cls/test_inference/test_csv_predict.py',
    'version.py': 'test_packaging.py',
}


def _mirrored_tests(module):
    """``mmir/a/b/c.py`` -> ``tests/test_a/test_b/test_c.py`` (or the
    ``test_synthetic_c.py`` of the synthetic generators, whose plain names
    clash with other tests)."""
    parts = module.split('/')
    folder = osp.join(ROOT, 'tests', *[f'test_{p}' for p in parts[:-1]])
    stem = parts[-1][:-3]
    return [osp.join(folder, f'test_{stem}.py')] + (
        [osp.join(folder, f'test_synthetic_{stem}.py')]
        if parts[:-1] == ['datasets', 'synthetic']
        else []
    )


def _mentions(test_file, module):
    """The test file names the module (dotted path), one of its public
    names, or the tool that runs it."""
    import ast

    with open(osp.join(ROOT, 'mmir', module)) as f:
        tree = ast.parse(f.read())
    names = {
        n.name
        for n in tree.body
        if isinstance(n, (ast.FunctionDef, ast.ClassDef))
        and not n.name.startswith('_')
        and n.name not in ('main', 'parse_args')
    }
    names |= {
        t.id
        for n in tree.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name) and t.id.startswith('__version')
    }
    stem = osp.basename(module)[:-3]
    names |= {'mmir.' + module[:-3].replace('/', '.'), f'tools/{stem}.py'}
    with open(test_file) as f:
        text = f.read()
    return any(re.search(rf'\b{re.escape(n)}\b', text) for n in names)


def test_every_module_has_its_test_at_its_path():
    """A module's tests are found by its path (the tests mirror the
    package), or in the one file TESTED_ELSEWHERE names, which exists and
    uses the module."""
    missing, wrong = [], []
    for path in sorted(glob.glob(f'{ROOT}/mmir/**/*.py', recursive=True)):
        module = osp.relpath(path, f'{ROOT}/mmir')
        if osp.basename(module) == '__init__.py':
            continue
        if any(osp.isfile(t) for t in _mirrored_tests(module)):
            assert module not in TESTED_ELSEWHERE, module
            continue
        other = TESTED_ELSEWHERE.get(module)
        if other is None:
            missing.append(module)
        elif not (
            osp.isfile(osp.join(ROOT, 'tests', other))
            and _mentions(osp.join(ROOT, 'tests', other), module)
        ):
            wrong.append((module, other))
    assert not missing, f'modules without a test at their path: {missing}'
    assert not wrong, f'TESTED_ELSEWHERE entries not using the module: {wrong}'
