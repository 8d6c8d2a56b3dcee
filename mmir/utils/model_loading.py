"""A trained model and one of its config's datasets, for the analysis
tools of every toolbox."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mmir.utils.config_check import iter_datasets

if TYPE_CHECKING:
    import torch.nn as nn
    from mmengine.config import Config
    from torch.utils.data import DataLoader

__all__ = [
    'load_model',
    'load_model_and_dataloader',
    'train_set_with_test_pipeline',
]


def train_set_with_test_pipeline(cfg: Config) -> dict:
    """A dataloader config of the training set through the test pipeline,
    unshuffled (k-fold ``indices`` kept): what a model is fitted on, seen
    without augmentation."""
    evaluation = cfg.get('test_dataloader') or cfg.get('val_dataloader')
    if not evaluation:
        raise ValueError(
            'reading the training set without augmentation needs '
            'a test or val dataloader (its pipeline)'
        )
    loader = copy.deepcopy(evaluation)
    (_, test_ds), *_ = iter_datasets(evaluation['dataset'], 'test')
    dataset = copy.deepcopy(cfg.train_dataloader['dataset'])
    for _, inner in iter_datasets(dataset, 'train'):
        inner['pipeline'] = copy.deepcopy(test_ds['pipeline'])
    loader['dataset'] = dataset
    loader['sampler'] = dict(type='DefaultSampler', shuffle=False)
    return loader


def load_model(
    cfg: Config,
    checkpoint: str | None,
    device: str = 'cpu',
    strict: bool = True,
) -> nn.Module:
    """The config's model (a top-level ``data_preprocessor`` filled in as
    MMEngine's runner does; the backbone's ``init_cfg`` dropped, the weights
    come from ``checkpoint``; None: as initialised), in eval mode on
    ``device``. Call it in the config's default scope."""
    from mmengine.registry import MODELS
    from mmengine.runner import load_checkpoint

    model_cfg = copy.deepcopy(cfg.model)
    model_cfg.setdefault('data_preprocessor', cfg.get('data_preprocessor'))
    if model_cfg.get('backbone', {}).get('init_cfg'):
        model_cfg.backbone.init_cfg = None
    model = MODELS.build(model_cfg)
    if checkpoint is not None:
        load_checkpoint(
            model,
            checkpoint,
            map_location='cpu',
            strict=strict,
            logger='current',
        )
    return model.to(device).eval()


def load_model_and_dataloader(
    config: str,
    checkpoint: str | None,
    split: str = 'test',
    cfg_options: Sequence[str] | None = None,
    data_root: str | None = None,
    device: str = 'cpu',
    batch_size: int | None = None,
    default_scope: str | None = None,
) -> tuple[nn.Module, DataLoader, Config]:
    """``(model, dataloader, cfg)``: the config's model with ``checkpoint``
    loaded (eval mode, on ``device``) and an unshuffled dataloader of
    ``split``: 'test', 'val', 'train' (the training set through the test
    pipeline) or the name of an ``extra_test_sets`` entry."""
    from mmengine.registry import DefaultScope
    from mmengine.runner import Runner

    from mmir.utils.config_check import load_config, override_data_root

    cfg = load_config(config, cfg_options)
    if data_root:
        override_data_root(cfg, data_root)
    if split == 'train':
        loader = train_set_with_test_pipeline(cfg)
    elif split in ('test', 'val'):
        loader = copy.deepcopy(cfg[f'{split}_dataloader'])
    elif split in (cfg.get('extra_test_sets') or {}):
        loader = copy.deepcopy(cfg.test_dataloader)
        loader['dataset'] = copy.deepcopy(cfg.extra_test_sets[split])
    else:
        raise ValueError(
            f'unknown split {split!r}: train, val, test or one '
            f'of extra_test_sets '
            f'{list(cfg.get("extra_test_sets") or {})}'
        )
    loader['sampler'] = dict(type='DefaultSampler', shuffle=False)
    loader.update(num_workers=0, persistent_workers=False)
    if batch_size:
        loader['batch_size'] = batch_size
    with DefaultScope.overwrite_default_scope(
        cfg.get('default_scope', default_scope)
    ):
        model = load_model(cfg, checkpoint, device)
        dataloader = Runner.build_dataloader(loader)
    return model, dataloader, cfg
