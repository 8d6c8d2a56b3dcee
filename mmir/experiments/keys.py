"""The config keys the experiment runners read, declared in one place.

A config is an ordinary mmdet / mmseg / mmpretrain config; these optional
top-level keys tell :func:`mmir.experiments.run_grid` and
:func:`mmir.experiments.run_kfold` how to tabulate and split it:

========================  ================================================
``table_columns``         ``{label: metric key}``: the paper's columns, in
                          order (e.g. ``{'Recall': 'coco/segm_AR@100'}``)
``extra_test_sets``       ``{name: dataset config}``: after its test, the
                          run's checkpoint is tested on each of them; a
                          (wrapper) dataset whose ``dataset`` is
                          :data:`RUN_TEST_SET` gets the run's own test set
``kfold_ann_file``        the annotation file the k-fold runner splits
``kfold_smote``           ``dict`` of :func:`mmir.smote.oversample_rows`
                          settings: SMOTE-SSIM inside each fold
``kfold_save_best``       metric each fold keeps its best weights by
``kfold_heldout_test``    test every fold model on the config's test set
========================  ================================================

:func:`experiment_keys` validates them (types, and a top-level key that
looks like a misspelt one is an error naming the likely key).
"""

import difflib
from dataclasses import dataclass, fields
from typing import Any, Optional

from mmir.utils.config_check import ConfigCheckError

__all__ = [
    'ExperimentKeys',
    'ExperimentKeyError',
    'experiment_keys',
    'RUN_TEST_SET',
    'SMOTE_KEYS',
]

# In ``extra_test_sets``, a wrapper's ``dataset`` equal to this string is
# replaced by the run's own test dataset (a k-fold run's test fold).
RUN_TEST_SET = 'test_dataloader.dataset'

SMOTE_KEYS = (
    'target_ratio',
    'n_syn',
    'k',
    'alpha',
    'beta',
    'clip',
    'seed',
    'device',
    'minority_label',
    'method',
)


@dataclass(frozen=True)
class ExperimentKeys:
    """The experiment keys of one config (None / False when absent)."""

    table_columns: Optional[dict] = None
    extra_test_sets: Optional[dict] = None
    kfold_ann_file: Optional[str] = None
    kfold_smote: Optional[dict] = None
    kfold_save_best: Optional[str] = None
    kfold_heldout_test: bool = False


NAMES = tuple(f.name for f in fields(ExperimentKeys))


class ExperimentKeyError(ConfigCheckError, ValueError):
    """An experiment key of a config is misspelt or has the wrong type
    (reported in one line by the command-line tools)."""


def _is_str_dict(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _check_extra_sets(value: Any, source: str) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(v, dict) and 'type' in v for v in value.values()
    ):
        raise ExperimentKeyError(
            f'{source}: extra_test_sets must be a dict of '
            'name -> dataset config (with a type)'
        )
    for name, ds in value.items():
        node = ds
        while isinstance(node, dict) and isinstance(node.get('dataset'), dict):
            node = node['dataset']
        inner = node.get('dataset') if isinstance(node, dict) else None
        if isinstance(inner, str) and inner != RUN_TEST_SET:
            raise ExperimentKeyError(
                f"{source}: extra_test_sets['{name}']: dataset={inner!r}; "
                f'the only string allowed there is {RUN_TEST_SET!r} (the '
                "run's own test set)"
            )


def experiment_keys(cfg: Any, source: str = 'config') -> ExperimentKeys:
    """The validated :class:`ExperimentKeys` of ``cfg`` (a ``Config`` or
    dict). Raises :class:`ExperimentKeyError` naming ``source`` and the key
    for a wrong type or a top-level key that looks like a misspelt
    experiment key."""
    for key in cfg.keys():
        if key in NAMES:
            continue
        close = difflib.get_close_matches(key, NAMES, n=1, cutoff=0.8)
        if close or key.startswith(('kfold_', 'table_', 'extra_test')):
            hint = f"; did you mean '{close[0]}'?" if close else ''
            raise ExperimentKeyError(
                f"{source}: unknown experiment key '{key}'{hint} The keys "
                f'the grid and k-fold runners read are {list(NAMES)} '
                '(mmir/experiments/keys.py)'
            )
    values = {
        name: cfg.get(name) for name in NAMES if cfg.get(name) is not None
    }
    columns = values.get('table_columns')
    if columns is not None and not _is_str_dict(columns):
        raise ExperimentKeyError(
            f'{source}: table_columns must be a dict of column label -> '
            f'metric key (strings), got {columns!r}'
        )
    if values.get('extra_test_sets') is not None:
        _check_extra_sets(values['extra_test_sets'], source)
    for name in ('kfold_ann_file', 'kfold_save_best'):
        if name in values and not isinstance(values[name], str):
            raise ExperimentKeyError(
                f'{source}: {name} must be a string, got {values[name]!r}'
            )
    smote = values.get('kfold_smote')
    if smote is not None:
        if not isinstance(smote, dict):
            raise ExperimentKeyError(
                f'{source}: kfold_smote must be a dict of SMOTE settings, '
                f'got {smote!r}'
            )
        unknown = sorted(set(smote) - set(SMOTE_KEYS))
        if unknown:
            raise ExperimentKeyError(
                f'{source}: kfold_smote: unknown keys {unknown}; expected '
                f'some of {list(SMOTE_KEYS)}'
            )
    if not isinstance(values.get('kfold_heldout_test', False), bool):
        raise ExperimentKeyError(
            f'{source}: kfold_heldout_test must be True or False'
        )
    return ExperimentKeys(
        **{
            k: (dict(v) if isinstance(v, dict) else v)
            for k, v in values.items()
        }
    )
