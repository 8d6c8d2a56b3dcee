"""A trained classifier and one of its config's datasets, for the
analysis tools."""
import copy

__all__ = ['load_model', 'load_model_and_dataloader']


def load_model(cfg, checkpoint, device='cpu', strict=True):
    """The config's model (a top-level ``data_preprocessor`` filled in as
    MMEngine's runner does; the backbone's ``init_cfg`` dropped, the weights
    come from ``checkpoint``), loaded, in eval mode on ``device``. Call it
    in the config's default scope."""
    from mmengine.registry import MODELS
    from mmengine.runner import load_checkpoint
    model_cfg = copy.deepcopy(cfg.model)
    model_cfg.setdefault('data_preprocessor', cfg.get('data_preprocessor'))
    if model_cfg.get('backbone', {}).get('init_cfg'):
        model_cfg.backbone.init_cfg = None
    model = MODELS.build(model_cfg)
    load_checkpoint(model, checkpoint, map_location='cpu', strict=strict,
                    logger='current')
    return model.to(device).eval()


def load_model_and_dataloader(config, checkpoint, split='test',
                              cfg_options=None, data_root=None,
                              device='cpu', batch_size=None):
    """``(model, dataloader, cfg)``: the config's model with ``checkpoint``
    loaded (eval mode, on ``device``) and an unshuffled dataloader of
    ``split``: 'test', 'val', 'train' (the training set through the test
    pipeline) or the name of an ``extra_test_sets`` entry."""
    from mmengine.registry import DefaultScope
    from mmengine.runner import Runner

    from mmir.cls.engine.hooks.embedding_classifier_hook import \
        embedding_dataloader_cfg
    from mmir.utils.config_check import load_config, override_data_root
    cfg = load_config(config, cfg_options)
    if data_root:
        override_data_root(cfg, data_root)
    if split == 'train':
        loader = embedding_dataloader_cfg(cfg)
    elif split in ('test', 'val'):
        loader = copy.deepcopy(cfg[f'{split}_dataloader'])
    elif split in (cfg.get('extra_test_sets') or {}):
        loader = copy.deepcopy(cfg.test_dataloader)
        loader['dataset'] = copy.deepcopy(cfg.extra_test_sets[split])
    else:
        raise ValueError(f'unknown split {split!r}: train, val, test or one '
                         f'of extra_test_sets '
                         f'{list(cfg.get("extra_test_sets") or {})}')
    loader['sampler'] = dict(type='DefaultSampler', shuffle=False)
    loader.update(num_workers=0, persistent_workers=False)
    if batch_size:
        loader['batch_size'] = batch_size
    with DefaultScope.overwrite_default_scope(
            cfg.get('default_scope', 'mmpretrain')):
        model = load_model(cfg, checkpoint, device)
        dataloader = Runner.build_dataloader(loader)
    return model, dataloader, cfg
