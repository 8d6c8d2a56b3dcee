"""Checks that turn common config mistakes into one clear message instead of
a traceback from deep inside a toolbox."""

import os.path as osp
from collections.abc import Iterator, Sequence

from mmengine.config import Config

__all__ = [
    'ConfigCheckError',
    'load_config',
    'parse_cfg_options',
    'check_data_paths',
    'iter_datasets',
    'dataset_with_test_pipeline',
    'override_data_root',
]

SYNTHETIC_HINT = (
    'Generate the synthetic data with `python tools/make_synthetic.py`'
    ' (or `make data`), or point the config at your data with '
    '--cfg-options {field}.data_root=/path/to/data'
)


class ConfigCheckError(RuntimeError):
    """A config cannot be used as given; the message says why."""


class DataError(ConfigCheckError):
    """The user's data (a file or a sample) cannot be used; the message
    names it and says what was expected. The entry points and tools print
    it as one line and exit with code 2."""


def parse_cfg_options(options: Sequence[str]) -> dict:
    """``['a.b=1', 'c=[1,2]']`` -> ``{'a.b': 1, 'c': [1, 2]}``, parsed as
    MMEngine's ``--cfg-options`` (its public ``DictAction``)."""
    import argparse

    from mmengine.config import DictAction

    if not options:
        return {}
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(['--cfg-options', *options]).cfg_options


def load_config(path: str, cfg_options: dict | None = None) -> Config:
    """``Config.fromfile`` with clear errors for a missing file and a
    ``custom_imports`` module that does not exist."""
    if not osp.isfile(path):
        raise ConfigCheckError(f'config file {path} does not exist')
    try:
        cfg = Config.fromfile(path)
    except ImportError as err:
        # MMEngine re-raises twice ("Failed to import ...") without the
        # reason: report the first error under its wrappers.
        root = err
        while (
            str(root).startswith('Failed to import')
            and (root.__cause__ or root.__context__) is not None
        ):
            root = root.__cause__ or root.__context__
        raise ConfigCheckError(
            f'{path}: custom_imports could not import a module: '
            f"{type(root).__name__}: {root}. mmir's modules are "
            "'mmir.det' (mmdet), 'mmir.seg' (mmseg) and 'mmir.cls' "
            '(mmpretrain); is mmir installed (`make install`)?'
        ) from None
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    return cfg


def dataset_with_test_pipeline(cfg: Config) -> dict:
    """The dataset config of ``cfg.test_dataloader`` that holds the test
    ``pipeline``: the loader's dataset, or the one a wrapper (``dataset``
    key) holds; ``{}`` without a test dataloader. The config's own dict,
    so changing it changes ``cfg``."""
    dataset = (cfg.get('test_dataloader') or {}).get('dataset') or {}
    while 'pipeline' not in dataset and isinstance(
        dataset.get('dataset'), dict
    ):
        dataset = dataset['dataset']
    return dataset


def iter_datasets(dataset: dict, field: str) -> Iterator[tuple[str, dict]]:
    """Yield ``(field_path, dataset_cfg)`` for a dataset config and the
    datasets it wraps (``dataset`` / ``datasets`` keys of MMEngine's
    wrappers)."""
    if not isinstance(dataset, dict):
        return
    inner = dataset.get('dataset')
    inner_list = dataset.get('datasets')
    if isinstance(inner, dict):
        yield from iter_datasets(inner, f'{field}.dataset')
    elif isinstance(inner_list, (list, tuple)):
        for i, d in enumerate(inner_list):
            yield from iter_datasets(d, f'{field}.datasets[{i}]')
    else:
        yield field, dataset


def innermost_dataset(dataset: dict) -> dict:
    """The dataset config a chain of single-dataset wrappers
    (``dataset=dict(...)``) ends in: the first that names an ``ann_file``
    or wraps nothing."""
    while isinstance(dataset.get('dataset'), dict) and not dataset.get(
        'ann_file'
    ):
        dataset = dataset['dataset']
    return dataset


def _join(root, path):
    if not root or osp.isabs(path) or '://' in str(path):
        return path
    return osp.join(root, path)


def check_data_paths(
    cfg: Config,
    loaders: Sequence[str] = (
        'train_dataloader',
        'val_dataloader',
        'test_dataloader',
    ),
) -> None:
    """Raise :class:`ConfigCheckError` naming the first dataset field whose
    ``data_root``, ``ann_file`` or ``data_prefix`` path does not exist."""
    for loader in loaders:
        loader_cfg = cfg.get(loader)
        if not loader_cfg:
            continue
        for field, ds in iter_datasets(
            loader_cfg.get('dataset'), f'{loader}.dataset'
        ):
            root = ds.get('data_root') or ''
            checks = []
            if root:
                checks.append(('data_root', root))
            if ds.get('ann_file'):
                checks.append(('ann_file', _join(root, ds['ann_file'])))
            prefix = ds.get('data_prefix')
            if isinstance(prefix, str) and prefix:
                checks.append(('data_prefix', _join(root, prefix)))
            elif isinstance(prefix, dict):
                checks += [
                    (f'data_prefix.{k}', _join(root, v))
                    for k, v in prefix.items()
                    if isinstance(v, str) and v
                ]
            for key, path in checks:
                if '://' not in str(path) and not osp.exists(path):
                    raise ConfigCheckError(
                        f'{field}.{key}: {path} does not exist. '
                        + SYNTHETIC_HINT.format(field=field)
                    )


def override_data_root(cfg: Config, data_root: str) -> None:
    """Point every dataset of ``cfg`` (loaders and ``extra_test_sets``) at
    ``data_root``, and evaluator
    ``ann_file`` paths that lived under the config's old ``data_root``."""
    old_root = cfg.get('data_root')
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader_cfg = cfg.get(loader)
        if loader_cfg:
            for _, ds in iter_datasets(loader_cfg.get('dataset'), loader):
                ds['data_root'] = data_root
    for name, extra in (cfg.get('extra_test_sets') or {}).items():
        for _, ds in iter_datasets(extra, f'extra_test_sets.{name}'):
            if not isinstance(ds.get('dataset'), str):  # not the run's own
                ds['data_root'] = data_root
    for key in ('val_evaluator', 'test_evaluator'):
        evaluators = cfg.get(key)
        for ev in (
            evaluators
            if isinstance(evaluators, (list, tuple))
            else [evaluators]
        ):
            ann = ev.get('ann_file') if isinstance(ev, dict) else None
            if old_root and isinstance(ann, str) and ann.startswith(old_root):
                ev['ann_file'] = osp.join(
                    data_root, osp.relpath(ann, old_root)
                )
    cfg.data_root = data_root
