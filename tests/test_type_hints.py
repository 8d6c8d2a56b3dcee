"""Every public function and method of ``mmir/`` has type hints (its
arguments and, except ``__init__``, its return), so a reader and an IDE see
what a module takes and gives without running it."""

import ast
import glob
import os.path as osp

from conftest import ROOT


def _public_functions(tree):
    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                if not child.name.startswith('_'):
                    yield from visit(child, f'{prefix}{child.name}.')
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if child.name == '__init__' or not child.name.startswith('_'):
                    yield prefix + child.name, child

    yield from visit(tree, '')


def _missing(func):
    args = func.args
    params = [
        a
        for a in args.posonlyargs + args.args + args.kwonlyargs
        if a.arg not in ('self', 'cls')
    ]
    params += [a for a in (args.vararg, args.kwarg) if a is not None]
    out = [a.arg for a in params if a.annotation is None]
    if func.returns is None and func.name != '__init__':
        out.append('return')
    return out


def test_public_functions_have_type_hints():
    files = glob.glob(osp.join(ROOT, 'mmir', '**', '*.py'), recursive=True)
    assert len(files) > 100
    missing, count = [], 0
    for path in sorted(files):
        with open(path) as f:
            tree = ast.parse(f.read(), path)
        for name, func in _public_functions(tree):
            count += 1
            gaps = _missing(func)
            if gaps:
                rel = osp.relpath(path, ROOT)
                missing.append(f'{rel}:{func.lineno} {name}: {gaps}')
    assert count > 250
    assert not missing, '\n'.join(missing)


def test_the_check_sees_a_missing_hint():
    tree = ast.parse(
        'def f(a: int, b) -> int: ...\n'
        'class C:\n'
        '    def g(self, x: int): ...\n'
        '    def _h(self, y): ...\n'
    )
    found = {n: _missing(f) for n, f in _public_functions(tree)}
    assert found == {'f': ['b'], 'C.g': ['return']}
