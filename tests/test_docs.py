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
